package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.testing.HandedSecrets;
import io.meridian.server.testing.KeptLogs;
import io.meridian.sync.testing.Canaries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The packaged server ({@code target/meridian-server.jar}) as a real process of a test: its own port, home and log
 * file, the database given by URL. {@link #close} continues a stopped process and ends it.
 */
final class ServerProcess implements AutoCloseable {

    static final String TOKEN = Canaries.ADMIN_TOKEN;
    private static final String KEY = Canaries.SECRET_KEY;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with {@code args} (Spring properties) against the database at {@code jdbcUrl}. */
    static ServerProcess start(String name, String jdbcUrl, String user, String password, Path home,
                               List<String> args) throws IOException {
        Path jar = Path.of("target", "meridian-server.jar").toAbsolutePath();
        assertThat(jar).as("the packaged server (failsafe runs after package)").exists();
        Files.createDirectories(home);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MERIDIAN_DB_URL", jdbcUrl);
        builder.environment().put("MERIDIAN_DB_USER", user);
        builder.environment().put("MERIDIAN_DB_PASSWORD", password == null ? "" : password);
        builder.environment().put("MERIDIAN_HOME", home.toString());
        builder.environment().put("MERIDIAN_ADMIN_TOKEN", TOKEN);
        builder.environment().put("MERIDIAN_SECRET_KEY", KEY);
        HandedSecrets.recordFrom(builder.environment());
        Path log = home.resolve(name + ".log");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(name, port, log, builder.start());
    }

    long pid() {
        return process.pid();
    }

    void awaitHealthy(Duration timeout) {
        await(timeout, name + " is healthy", () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(4000));
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
    }

    String api(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(name + ": " + method + " " + path + ": " + response.body())
                .isEqualTo(expected);
        return response.body();
    }

    /** Sends a signal with {@code kill} ({@code STOP}, {@code CONT}). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + name).isZero();
    }

    /** The process's threads and what each waits on ({@code jcmd Thread.print}), for a failure message. */
    String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String tail(int chars) {
        String all = log();
        return all.substring(Math.max(0, all.length() - chars));
    }

    /** Ends the process (continued first if stopped) and keeps its log as {@code target/it-logs/<name>-<pid>.log}. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        KeptLogs.keep(log, name + "-" + process.pid() + ".log");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
