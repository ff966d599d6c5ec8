package io.meridian.server.replication.crash;

import io.meridian.server.testing.PackagedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The lives of one packaged server in {@link CrashPointsIT}: same home, port (so the same node id, which resumes
 * its previous life's executions at once) and environment every time, crash points on
 * ({@code -Dmeridian.test.crash-points}), one artifact, blob and partition at a time so that a frozen thread holds
 * the whole engine at its point. Fast-start JVM flags: a life is mostly Spring's start-up.
 */
final class CrashServer {

    static final List<String> ENGINE_ONE_AT_A_TIME = List.of(
            "--meridian.replication.artifacts-per-wave=1",
            "--meridian.replication.pools.artifact-concurrency=1",
            "--meridian.replication.pools.blob-concurrency=1",
            "--meridian.replication.pools.partition-concurrency=1",
            "--meridian.replication.pools.plan-concurrency=1");

    private final Path home;
    private final Path hooks;
    private final int port;
    private final String token;
    private final Map<String, String> environment;
    private PackagedServer current;
    private int lives;

    CrashServer(Path home, String token, Map<String, String> environment) throws IOException {
        this.home = home;
        this.hooks = Files.createDirectories(home.resolve("crash-points"));
        this.port = PackagedServer.freePort();
        this.token = token;
        this.environment = environment;
    }

    /** Starts the next life and waits until it is healthy. */
    PackagedServer start() {
        lives++;
        current = PackagedServer.start(home, port, token, environment,
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-Dmeridian.test.crash-points=" + hooks),
                ENGINE_ONE_AT_A_TIME.toArray(String[]::new));
        return current.awaitHealthy(Duration.ofSeconds(300));
    }

    PackagedServer current() {
        return current;
    }

    int lives() {
        return lives;
    }

    /** Arms {@code point}: the first thread that reaches it freezes the engine and writes the crashed marker. */
    void arm(String point) {
        try {
            Path tmp = hooks.resolve("arm.tmp");
            Files.writeString(tmp, point);
            Files.move(tmp, hooks.resolve("arm"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the crashed marker; returns its line ({@code <point> <context>}). */
    String awaitFrozen(Duration timeout) {
        Path marker = hooks.resolve("crashed");
        PackagedServer.await(timeout, "the server froze at its armed crash point", () -> {
            if (!current.process().isAlive()) {
                throw new AssertionError("the server exited with " + current.process().exitValue());
            }
            return Files.exists(marker);
        });
        try {
            return Files.readString(marker).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL (no shutdown hook runs), then disarms for the next life. */
    void kill() throws InterruptedException, IOException {
        current.kill();
        Files.deleteIfExists(hooks.resolve("arm"));
        Files.deleteIfExists(hooks.resolve("crashed"));
    }

    /** A graceful stop of the last life. */
    void stop() throws InterruptedException {
        if (current != null) {
            current.close();
        }
    }
}
