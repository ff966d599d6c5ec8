package io.meridian.sync.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A chart archive (or its {@code .prov}) read once from the source into a temporary file while being hashed, so
 * that every destination gets bytes already proven to match the index's {@code digest}: a mismatch is found before
 * anything is written anywhere, and one download serves all destinations. Memory stays flat (a fixed buffer).
 * Close it to delete the file.
 */
public final class SpooledChart implements AutoCloseable {

    private static final int BUFFER = 1 << 20;

    private final Path file;
    private final long size;
    private final ChartDigest digest;

    private SpooledChart(Path file, long size, ChartDigest digest) {
        this.file = file;
        this.size = size;
        this.digest = digest;
    }

    /**
     * Spools {@code in} (closed here) and checks it hashes to {@code expected}.
     *
     * @param what names the chart and source in messages
     * @throws HelmRepositoryException.Permanent when the digest differs or the archive exceeds {@code maxBytes}
     */
    public static SpooledChart verified(InputStream in, ChartDigest expected, String what, long maxBytes) {
        Objects.requireNonNull(expected, "expected");
        SpooledChart spooled = spool(in, what, maxBytes);
        if (!spooled.digest.equals(expected)) {
            spooled.close();
            throw HelmRepositoryException.permanent("download " + what + ": the .tgz hashes to sha256 "
                    + spooled.digest.shortForm() + "…, index.yaml says " + expected.shortForm() + "…; nothing written");
        }
        return spooled;
    }

    /**
     * Spools a provenance file and checks that it signs {@code chart}: Helm's {@code .prov} lists
     * {@code <file>: sha256:<hex>} of the archive it belongs to.
     */
    public static SpooledChart provenance(InputStream in, ChartDigest chart, String what, long maxBytes) {
        SpooledChart spooled = spool(in, what, Math.min(maxBytes, 1 << 20));
        try {
            String text = Files.readString(spooled.file, StandardCharsets.UTF_8);
            if (!text.contains(chart.oci())) {
                spooled.close();
                throw HelmRepositoryException.permanent("download " + what + ": the .prov does not name the chart's "
                        + "digest sha256:" + chart.shortForm() + "…; nothing written");
            }
        } catch (IOException e) {
            spooled.close();
            throw HelmRepositoryException.permanent("read " + what + ": not a text provenance file", 0, e);
        }
        return spooled;
    }

    static SpooledChart spool(InputStream in, String what, long maxBytes) {
        Path file;
        try {
            file = Files.createTempFile("meridian-chart-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("temporary file for " + what, e);
        }
        MessageDigest md = sha256();
        long total = 0;
        try (InputStream src = in; OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = src.read(buf)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw HelmRepositoryException.permanent("download " + what + ": larger than " + maxBytes + " bytes");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            delete(file);
            if (Thread.currentThread().isInterrupted()) {
                throw new UncheckedIOException(new java.io.InterruptedIOException("download " + what + " interrupted"));
            }
            throw HelmRepositoryException.retryable("download " + what + ": " + e.getMessage(), 0, e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        return new SpooledChart(file, total, ChartDigest.of(md.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long size() {
        return size;
    }

    /** The SHA-256 of what was read (equal to the expected one for a {@link #verified} chart). */
    public ChartDigest digest() {
        return digest;
    }

    public Path file() {
        return file;
    }

    /** A fresh stream over the spooled bytes; each destination (and each retry) opens its own. */
    public InputStream open() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is not worth failing a replication for
        }
    }
}
