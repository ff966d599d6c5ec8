package io.meridian.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The packaged server ({@code target/meridian-server.jar}, built by {@code package} before failsafe
 * runs) as a real process: started with an environment, talked to over HTTP, killed with SIGKILL.
 */
public final class PackagedServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String token;
    private final Path home;

    private PackagedServer(Process process, int port, String token, Path home) {
        this.process = process;
        this.port = port;
        this.token = token;
        this.home = home;
    }

    /** Starts the jar with {@code environment} (MERIDIAN_*), logging to {@code home/server.log}. */
    public static PackagedServer start(Path home, int port, String token, Map<String, String> environment,
                                       String... arguments) {
        return start(home, port, token, environment, List.of("-Xmx384m"), arguments);
    }

    /** As above, with these JVM options (heap, JIT, {@code -D} system properties) instead of {@code -Xmx384m}. */
    public static PackagedServer start(Path home, int port, String token, Map<String, String> environment,
                                       List<String> jvmOptions, String... arguments) {
        Path jar = Path.of("target", "meridian-server.jar").toAbsolutePath();
        assertThat(jar).as("the packaged server (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
        builder.environment().putAll(environment);
        builder.environment().put("MERIDIAN_HOME", home.toString());
        builder.environment().put("MERIDIAN_ADMIN_TOKEN", token);
        HandedSecrets.recordFrom(builder.environment());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
        try {
            return new PackagedServer(builder.start(), port, token, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public PackagedServer awaitHealthy(Duration timeout) {
        await(timeout, "the server is healthy", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return this;
    }

    /** Sends an authorized request; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #send} asserting the status; returns the body. */
    public String api(String method, String path, String body, int expected) {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed; the home's log so far is kept ({@link KeptLogs}). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        KeptLogs.keepServerLog(home);
    }

    /** SIGTERM and wait: a graceful shutdown; the home's log (every life's, appended) is kept ({@link KeptLogs}). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        KeptLogs.keepServerLog(home);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
