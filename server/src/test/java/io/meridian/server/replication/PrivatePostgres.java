package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own, made with the machine's binaries ({@code initdb}, {@code pg_ctl}) in a
 * temporary directory on a free loopback port, so the test may stop and start it (the machine's shared server
 * on 5432 is never touched). As root the tools run in a user namespace ({@code unshare -U}), as the embedded mode
 * does: PostgreSQL refuses to run as root.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = Path.of(System.getenv().getOrDefault("MERIDIAN_TEST_PG_BIN",
            "/usr/lib/postgresql/15/bin"));

    final Path dir;
    final int port;
    private final Path data;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.data = dir.resolve("data");
    }

    /** initdb, start, and a database {@code meridian}. */
    static PrivatePostgres start() throws Exception {
        assertThat(BIN.resolve("initdb")).as("PostgreSQL's binaries").exists();
        PrivatePostgres pg = new PrivatePostgres(Files.createTempDirectory("meridian-private-pg"),
                ServerProcess.freePort());
        pg.run("initdb", "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        pg.startServer();
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE meridian");
        }
        return pg;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void startServer() throws Exception {
        run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** A fast shutdown: every connection is terminated (as a restart or a fail-over does). */
    void stopServer() throws Exception {
        run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop");
    }

    boolean accepts() {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            command.addAll(List.of("/usr/bin/unshare", "-U"));
        }
        command.add(BIN.resolve(tool).toString());
        command.addAll(List.of(args));
        Path out = dir.resolve(tool + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        assertThat(process.exitValue()).as(tool + " " + String.join(" ", args) + ":\n"
                + Files.readString(out, StandardCharsets.UTF_8)).isZero();
    }

    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "immediate", "stop");
            }
        } catch (Exception | AssertionError e) {
            System.err.println("stopping the private PostgreSQL in " + dir + ": " + e.getMessage());
        }
        ServerProcess.deleteTree(dir);
    }
}
