package io.meridian.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh Debian {@code docker-registry} (distribution 2.8.2) on a free loopback port with filesystem storage in
 * a temporary directory. {@link #close()} stops it and deletes its storage.
 */
public final class RegistryProcess implements AutoCloseable {

    /**
     * {@code BENCH_REGISTRY_ACCESS_LOG=<dir>}: every registry logs each request, and its log is kept in that directory
     * when it stops ({@code registry-<name>-<port>.log}) — to count the requests two runners make for the same work.
     */
    private static final Path ACCESS_LOGS = Optional.ofNullable(System.getenv("BENCH_REGISTRY_ACCESS_LOG"))
            .filter(v -> !v.isBlank()).map(Path::of).orElse(null);

    private final String name;
    private final Path dir;
    private final int port;
    private final Process process;

    private RegistryProcess(String name, Path dir, int port, Process process) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a registry and waits (deadline 30 s) until {@code /v2/} answers. */
    public static RegistryProcess start(String name, Path workDir) {
        return start(name, workDir, null);
    }

    /**
     * As {@link #start(String, Path)}, with the storage first copied from {@code seedStorage} (a registry's
     * filesystem storage saved earlier) so a large data set need not be pushed again.
     */
    public static RegistryProcess start(String name, Path workDir, Path seedStorage) {
        try {
            Files.createDirectories(workDir);
            Path dir = Files.createTempDirectory(workDir, "registry-" + name + "-");
            if (seedStorage != null) {
                copyTree(seedStorage, dir.resolve("storage"));
            }
            int port = freePort();
            String config = """
                    version: 0.1
                    log: {level: error, accesslog: {disabled: %b}}
                    storage:
                      filesystem: {rootdirectory: %s}
                      delete: {enabled: true}
                      cache: {blobdescriptor: inmemory}
                    http: {addr: "127.0.0.1:%d", secret: bench-%s}
                    """.formatted(ACCESS_LOGS == null, dir.resolve("storage"), port, name);
            Path configFile = dir.resolve("config.yml");
            Files.writeString(configFile, config);
            Process process = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            RegistryProcess registry = new RegistryProcess(name, dir, port, process);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("starting docker-registry " + name, e);
        }
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("http://" + hostPort());
    }

    public String name() {
        return name;
    }

    /** Bytes the registry holds on disk (for sanity checks in reports). */
    public long storageBytes() {
        try (Stream<Path> files = Files.walk(dir.resolve("storage"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry " + name + " exited with " + process.exitValue()
                        + "; see " + dir.resolve("registry.log"));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url().resolve("/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
            pause(20);
        }
        close();
        throw new IllegalStateException("docker-registry " + name + " did not answer /v2/ within 30 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keepAccessLog();
        deleteTree(dir);
    }

    private void keepAccessLog() {
        if (ACCESS_LOGS == null) {
            return;
        }
        try {
            Files.createDirectories(ACCESS_LOGS);
            Files.copy(dir.resolve("registry.log"), ACCESS_LOGS.resolve("registry-" + name + "-" + port + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.out.println("  could not keep the access log of " + name + ": " + e.getMessage());
        }
    }

    /** Saves this registry's storage (while it is idle) so {@link #start(String, Path, Path)} can reuse it. */
    public void saveStorage(Path target) {
        try {
            Files.createDirectories(target.getParent());
            copyTree(dir.resolve("storage"), target);
        } catch (IOException e) {
            throw new UncheckedIOException("saving storage of " + name + " into " + target, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try {
            Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
            if (cp.waitFor() != 0) {
                throw new IOException("cp -a " + from + " " + to + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted copying " + from, e);
        }
    }

    /** Removes a partially saved storage copy. */
    public static void deleteSaved(Path saved) {
        if (Files.exists(saved)) {
            deleteTree(saved);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp dir
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polling pause between readiness probes (awaiting a condition with a deadline, not synchronising). */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
