package io.meridian.server.secrets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where every log line ({@link CaptureAppender}) and every API response body ({@link ResponseTee}) of the test JVM
 * goes, for the canary scan ({@link CanaryScan}). The JVM's {@link #suite()} capture starts with the first record
 * and lasts to the end; a test may open a nested capture ({@link #begin(String)}) with a marker: a record that holds
 * the marker stays in the nested capture and those opened after it, any other record goes to every open capture.
 * That is how a deliberate leak in a sub-run is scanned without failing the suite's scan.
 *
 * <p>A record is a header line ({@code ### log} or {@code ### response GET /api/v1/… 200}) and its text.
 */
public final class SecretsCapture implements AutoCloseable {

    private static final Deque<SecretsCapture> OPEN = new ArrayDeque<>();
    private static final SecretsCapture SUITE = open(Path.of("target", "secrets-capture",
            "suite-" + ProcessHandle.current().pid() + ".txt"), null);

    private final Path file;
    private final String marker;
    private final OutputStream out;
    private long records;

    private SecretsCapture(Path file, String marker, OutputStream out) {
        this.file = file;
        this.marker = marker;
        this.out = out;
    }

    /** The capture of the whole test JVM. */
    public static SecretsCapture suite() {
        return SUITE;
    }

    /** A nested capture in a temporary file; records holding {@code marker} do not reach the captures around it. */
    public static SecretsCapture begin(String marker) {
        try {
            return open(Files.createTempFile("secrets-capture", ".txt"), marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SecretsCapture open(Path file, String marker) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SecretsCapture capture = new SecretsCapture(file, marker, Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
            synchronized (OPEN) {
                OPEN.push(capture);
            }
            return capture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One log line (the formatted event, stack trace included). */
    public static void log(String text) {
        record("### log\n", text.getBytes(StandardCharsets.UTF_8));
    }

    /** (Part of) the body of one API response. */
    public static void response(String method, String uri, int status, byte[] body) {
        record("### response " + method + " " + uri + " " + status + "\n", body);
    }

    private static void record(String header, byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        synchronized (OPEN) {
            // innermost first: a nested capture's marker keeps its record from the captures around it
            for (SecretsCapture capture : OPEN) {
                capture.write(header, body);
                if (capture.marker != null && text.contains(capture.marker)) {
                    return;
                }
            }
        }
    }

    private void write(String header, byte[] body) {
        try {
            out.write(header.getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.write('\n');
            out.flush();
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException("capturing for the secrets scan into " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Records written so far. */
    public long records() {
        synchronized (OPEN) {
            return records;
        }
    }

    /** Ends a nested capture (the suite's lasts as long as the JVM); its file stays for the scan. */
    @Override
    public void close() {
        if (this == SUITE) {
            throw new IllegalStateException("the suite's capture lasts as long as the JVM");
        }
        synchronized (OPEN) {
            OPEN.remove(this);
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
