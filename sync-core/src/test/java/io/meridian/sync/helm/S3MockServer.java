package io.meridian.sync.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: Adobe S3Mock's executable jar (from Maven Central, copied to
 * {@code target/s3mock/s3mock.jar} by the dependency plugin) run as its own JVM on a free loopback port, so its
 * Spring Boot never meets ours on the test classpath. It honours {@code If-Match} / {@code If-None-Match} on
 * PutObject (412 PreconditionFailed). Buckets given are created at start.
 */
final class S3MockServer implements AutoCloseable {

    private static final Path JAR = Path.of("target", "s3mock", "s3mock.jar");

    private final Process process;
    private final int port;
    private final Path root;
    private final Path log;

    S3MockServer(String... buckets) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through Maven "
                    + "(generate-test-resources copies it from Maven Central)");
        }
        try {
            port = freePort();
            root = Files.createTempDirectory("s3mock-");
            log = Files.createTempFile("s3mock-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
                    JAR.toAbsolutePath().toString(),
                    "--com.adobe.testing.s3mock.httpPort=" + port, "--server.port=0", "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(180));
    }

    private void awaitReady(Duration limit) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Mock starts", e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS); // returns early if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Mock starts", e);
            }
        }
        close();
        throw new IllegalStateException("S3Mock did not answer within " + limit + ": " + log());
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Settings for a bucket here: static keys (S3Mock accepts any), path-style, the endpoint override. */
    S3Settings settings(String bucket, String prefix) {
        return new S3Settings(bucket, prefix, "us-east-1", Optional.of(endpoint()), true, Optional.of("test-key-id"),
                Optional.of("test-secret"));
    }

    String log() {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
