package io.meridian.sync.testing;

import io.meridian.sync.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Deterministic pseudo-random content of any size, readable from any offset without storing it: byte {@code i}
 * comes from a SplitMix64 hash of {@code seed} and {@code i / 8}. For large-blob tests (64 MiB, 1 GiB).
 */
public final class GeneratedContent {

    private final long seed;
    private final long size;

    public GeneratedContent(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    public long size() {
        return size;
    }

    public InputStream open(long offset) {
        return new Stream(offset);
    }

    /** SHA-256 of the whole content (one streaming pass). */
    public Digest sha256() {
        MessageDigest md = Digest.parse("sha256:" + "0".repeat(64)).newMessageDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = open(0)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Digest.from("sha256", md);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private final class Stream extends InputStream {
        private long pos;

        Stream(long offset) {
            this.pos = offset;
        }

        @Override
        public int read() {
            if (pos >= size) {
                return -1;
            }
            long word = mix(seed + (pos >>> 3) * 0x9e3779b97f4a7c15L);
            int b = (int) (word >>> ((pos & 7) * 8)) & 0xff;
            pos++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            int i = 0;
            while (i < n) {
                long word = mix(seed + (pos >>> 3) * 0x9e3779b97f4a7c15L);
                int shift = (int) (pos & 7);
                while (shift < 8 && i < n) {
                    b[off + i++] = (byte) (word >>> (shift * 8));
                    shift++;
                    pos++;
                }
            }
            return n;
        }
    }
}
