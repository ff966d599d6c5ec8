package io.meridian.bench.meridian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Meridian server under test: {@code java -jar meridian-server.jar} on a free port with a fresh database and a
 * random admin token (never printed). Started before any timing; its start-up is not measured.
 */
public final class MeridianServer implements AutoCloseable {

    private final Process process;
    private final FreshDatabase database;
    private final MeridianApi api;
    private final Path log;

    private MeridianServer(Process process, FreshDatabase database, MeridianApi api, Path log) {
        this.process = process;
        this.database = database;
        this.api = api;
        this.log = log;
    }

    /** Starts the jar with {@code -Xmx<heap>} and waits (deadline 180 s) for {@code /actuator/health} = 200. */
    public static MeridianServer start(Path jar, String heap, String label, Path logDir) {
        return start(jar, heap, label, logDir, false, List.of());
    }

    /**
     * As above; with {@code jfr} the server records a JFR profile into {@code logDir/meridian-<label>.jfr}; the
     * server arguments (e.g. {@code --meridian.replication.pools.partition-concurrency=16}) are appended.
     */
    public static MeridianServer start(Path jar, String heap, String label, Path logDir, boolean jfr,
                                       List<String> serverArgs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Meridian server jar not found: " + jar);
        }
        FreshDatabase db = FreshDatabase.create(label);
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            byte[] raw = new byte[24];
            new SecureRandom().nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            Files.createDirectories(logDir);
            Path log = logDir.resolve("meridian-server-" + label + ".log");
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap));
            if (jfr) {
                cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + logDir.resolve("meridian-" + label + ".jfr").toAbsolutePath());
            }
            cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
            cmd.addAll(serverArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("MERIDIAN_ADMIN_TOKEN", token);
            pb.environment().put("MERIDIAN_DB_URL", db.jdbcUrl());
            pb.environment().put("MERIDIAN_DB_USER", FreshDatabase.USER);
            pb.environment().put("MERIDIAN_DB_PASSWORD", "");
            Process process = pb.start();
            MeridianServer server = new MeridianServer(process, db,
                    new MeridianApi(URI.create("http://127.0.0.1:" + port), token), log);
            server.awaitHealthy(Duration.ofSeconds(180));
            return server;
        } catch (IOException e) {
            db.close();
            throw new UncheckedIOException("starting Meridian from " + jar, e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public MeridianApi api() {
        return api;
    }

    public FreshDatabase database() {
        return database;
    }

    /**
     * CPU time (user + system) the server process has used so far, from {@code /proc/<pid>/stat} (fields 14 and 15,
     * in clock ticks of 1/100 s on Linux); NaN where that file cannot be read.
     */
    public double cpuSeconds() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid() + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Peak resident set size in bytes so far (Linux {@code VmHWM}). */
    public long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("Meridian exited with " + process.exitValue() + "; see " + log);
            }
            if (api.healthy()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Meridian", e);
            }
        }
        close();
        throw new IllegalStateException("Meridian not healthy within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
