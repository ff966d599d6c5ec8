package io.meridian.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.db.MeridianMigrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A PostgreSQL left running on Meridian's data directory: stopped when its owner is dead (the
 * state a {@code kill -9} of Meridian leaves), refused while its owner lives.
 */
class OrphanPostmasterTest {

    @Test
    void stopsThePostmasterADeadMeridianLeftAndStartsOnTheSameData(@TempDir Path home) throws Exception {
        Path postgresBinary;
        int port;
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(home, 0)) {
            port = pg.port();
            postgresBinary = binaryOf(pg);
            JdbcClient.create(dataSource(pg.jdbcUrl()))
                    .sql("create table kept(v text); insert into kept values ('before the crash')").update();
        }
        // What a killed Meridian leaves: a postmaster on our data directory, the epg-lock free.
        Process orphan = new ProcessBuilder(OrphanPostmaster.asUnprivileged(postgresBinary.toString(), "-D",
                home.resolve("pgdata").toString(), "-p", Integer.toString(port), "-F"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ProcessHandle orphanProcess = orphan.toHandle();
        awaitAccepting(port, orphan);
        assertThat(OrphanPostmaster.PidFile.read(home.resolve("pgdata")).orElseThrow().pid()).isEqualTo(orphan.pid());
        try {
            assertThat(orphanProcess.isAlive()).isTrue();
            try (EmbeddedDatabase pg = EmbeddedDatabase.start(home, 0)) {
                assertThat(orphanProcess.isAlive()).as("the orphan was stopped").isFalse();
                assertThat(pg.port()).as("its port is reused").isEqualTo(port);
                assertThat(JdbcClient.create(dataSource(pg.jdbcUrl())).sql("select v from kept")
                        .query(String.class).single()).isEqualTo("before the crash");
            }
        } finally {
            orphanProcess.destroy();
        }
    }

    @Test
    void refusesToTouchAPostmasterWhoseMeridianStillRuns(@TempDir Path home) {
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(home, 0)) {
            assertThatThrownBy(() -> OrphanPostmaster.stopIfOrphaned(pg.dataDirectory(), Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still running");
            assertThat(MeridianMigrations.migrate(dataSource(pg.jdbcUrl())).migrationsExecuted)
                    .as("the running server was left alone").isPositive();
        }
    }

    @Test
    void ignoresAStalePidFile(@TempDir Path home) throws Exception {
        Path data = home.resolve("pgdata");
        java.nio.file.Files.createDirectories(data);
        java.nio.file.Files.writeString(data.resolve("postmaster.pid"),
                "2147483000\n" + data + "\n1700000000\n5432\n/tmp\nlocalhost\n0 0\nready\n");
        assertThat(OrphanPostmaster.stopIfOrphaned(data, Duration.ofSeconds(5))).isEmpty();
    }

    private static void awaitAccepting(int port, Process postmaster) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var c = dataSource("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres").getConnection()) {
                return;
            } catch (java.sql.SQLException e) {
                assertThat(postmaster.isAlive()).as("the postmaster runs").isTrue();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the postmaster did not accept connections within 60 s", e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static Path binaryOf(EmbeddedDatabase pg) {
        long pid = OrphanPostmaster.PidFile.read(pg.dataDirectory()).orElseThrow().pid();
        return Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return ds;
    }
}
