package io.meridian.server.replication.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A failed embedded run must not leave its PostgreSQL behind: stops the postmaster of {@code home/pgdata}. */
final class EmbeddedLeftovers {

    private EmbeddedLeftovers() {
    }

    static void stop(Path home) throws IOException {
        Path pidFile = home.resolve("pgdata").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(p -> {
                    p.destroy();
                    p.onExit().join();
                });
    }
}
