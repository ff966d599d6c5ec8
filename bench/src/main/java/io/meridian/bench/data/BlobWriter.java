package io.meridian.bench.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes blobs into an OCI layout's {@code blobs/sha256/}. Layer bytes are pseudo-random (incompressible,
 * like real compressed layers) from a seed, streamed through a fixed 1 MiB buffer so a 4 GiB layer needs
 * no heap. A small cache file per blob id makes a second generation of the same spec skip the bytes.
 */
final class BlobWriter {

    private static final int BUFFER = 1 << 20;
    private final Path layout;
    private final Path cache;

    BlobWriter(Path layout) throws IOException {
        this.layout = layout;
        this.cache = layout.resolve("ids");
        Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
        Files.createDirectories(cache);
    }

    /** A blob of {@code size} bytes determined by {@code seed}; {@code id} names it in the cache. */
    Blob random(String id, long seed, long size, String mediaType) {
        Path cached = cache.resolve(id);
        try {
            if (Files.exists(cached)) {
                String[] parts = Files.readString(cached).trim().split(" ");
                Blob blob = new Blob(parts[0], Long.parseLong(parts[1]), mediaType);
                if (Files.size(blob.pathIn(layout)) == size) {
                    return blob;
                }
            }
            MessageDigest sha = sha256();
            Path tmp = Files.createTempFile(layout, "blob", ".part");
            SplittableRandom random = new SplittableRandom(seed);
            byte[] buf = new byte[BUFFER];
            try (OutputStream out = Files.newOutputStream(tmp)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(buf.length, left);
                    fill(random, buf, n);
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            Blob blob = new Blob("sha256:" + HexFormat.of().formatHex(sha.digest()), size, mediaType);
            Files.move(tmp, blob.pathIn(layout), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(cached, blob.digest() + " " + size);
            return blob;
        } catch (IOException e) {
            throw new UncheckedIOException("writing blob " + id + " into " + layout, e);
        }
    }

    /** A blob with the given exact bytes (configs, manifests, signatures). */
    Blob bytes(byte[] content, String mediaType) {
        Blob blob = new Blob(digestOf(content), content.length, mediaType);
        try {
            Path path = blob.pathIn(layout);
            if (!Files.exists(path)) {
                Files.write(path, content);
            }
            return blob;
        } catch (IOException e) {
            throw new UncheckedIOException("writing blob " + blob.digest() + " into " + layout, e);
        }
    }

    static String digestOf(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(content));
    }

    private static void fill(SplittableRandom random, byte[] buf, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                buf[i + k] = (byte) (v >>> (8 * k));
            }
        }
        for (; i < n; i++) {
            buf[i] = (byte) random.nextInt(256);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
