package io.meridian.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.testing.HandedSecrets;
import io.meridian.server.testing.KeptLogs;
import io.meridian.sync.testing.Canaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The packaged {@code target/meridian-server.jar} as its own process on a free port, for *IT tests. */
final class PackagedServer implements AutoCloseable {

    private static final String KEY = Canaries.SECRET_KEY;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String token;
    private final Path home;
    private final Path log;

    private PackagedServer(Process process, int port, String token, Path home) {
        this.process = process;
        this.port = port;
        this.token = token;
        this.home = home;
        this.log = home.resolve("server.log");
    }

    static PackagedServer start(TestDatabase db, Path home, String token, String... args) throws Exception {
        Path jar = Path.of("target", "meridian-server.jar").toAbsolutePath();
        assertThat(jar).as("the packaged server (failsafe runs after package)").exists();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MERIDIAN_DB_URL", db.jdbcUrl());
        builder.environment().put("MERIDIAN_DB_USER", db.user());
        builder.environment().put("MERIDIAN_DB_PASSWORD", db.password() == null ? "" : db.password());
        builder.environment().put("MERIDIAN_HOME", home.toString());
        builder.environment().put("MERIDIAN_ADMIN_TOKEN", token);
        builder.environment().put("MERIDIAN_SECRET_KEY", KEY);
        HandedSecrets.recordFrom(builder.environment());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                home.resolve("server.log").toFile()));
        PackagedServer server = new PackagedServer(builder.start(), port, token, home);
        try {
            server.awaitHealthy(Duration.ofSeconds(300)); // generous: a shared 2-core CI box under load starts slowly
        } catch (AssertionError | Exception e) {
            server.close(); // no process left behind; its log is kept
            throw e;
        }
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Sends a JSON request with the token and checks the status; returns the body. */
    String api(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server was not healthy within " + timeout + "; log:\n" + Files.readString(log));
            }
            Thread.sleep(200); // polling interval of a deadline-bounded wait, not a synchronisation
        }
    }

    /** Ends the process and keeps its log ({@link KeptLogs}). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        KeptLogs.keepServerLog(home);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
