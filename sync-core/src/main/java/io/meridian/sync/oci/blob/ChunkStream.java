package io.meridian.sync.oci.blob;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.PermanentRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Feeds exactly {@code length} bytes of the source to an upload request while hashing them. On the blob's last
 * chunk it verifies the digest <em>before</em> handing over the final bytes, so a wrong blob never reaches the
 * registry complete and is never committed. Failures it detects are kept in {@link #failure()}, because the HTTP
 * client wraps whatever a body stream throws.
 */
final class ChunkStream extends InputStream {

    private final InputStream source;
    private final MessageDigest md;
    private final Digest expected;   // non-null on the last chunk
    private final String what;
    private long remaining;
    private final long half;
    private PermanentRegistryException failure;

    ChunkStream(InputStream source, MessageDigest md, long length, Digest expectedOnLastChunk, String what) {
        this.source = source;
        this.md = md;
        this.remaining = length;
        this.half = length / 2;
        this.expected = expectedOnLastChunk;
        this.what = what;
    }

    PermanentRegistryException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = source.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            failure = new PermanentRegistryException(what + ": content ended " + remaining
                    + " bytes before the declared size");
            throw new IOException(failure.getMessage());
        }
        md.update(b, off, n);
        if (CrashPoints.enabled() && remaining > half && remaining - n <= half) {
            CrashPoints.reach("blob.mid-body", what); // half of this body handed to the destination
        }
        remaining -= n;
        if (remaining == 0 && expected != null) {
            if (source.read() != -1) {
                failure = new PermanentRegistryException(what + ": content is longer than the declared size");
                throw new IOException(failure.getMessage());
            }
            Digest actual = Digest.from(expected.algorithm(), md);
            if (!actual.equals(expected)) {
                failure = new DigestMismatchException(what, expected, actual);
                throw new IOException(failure.getMessage());
            }
        }
        return n;
    }
}
