package io.meridian.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a packaged server's log (its stdout and stderr) outlives the test's temporary home: {@code target/it-logs},
 * for a post-mortem and for {@code PackagedServersSecretsScanIT}, which scans every file there for the secrets the
 * ITs handed their servers. Every launcher of {@code target/meridian-server.jar} keeps its log here when the process
 * ends.
 */
public final class KeptLogs {

    private static final Path DIRECTORY = Path.of("target", "it-logs").toAbsolutePath();
    private static final Set<Path> KEPT = ConcurrentHashMap.newKeySet();

    private KeptLogs() {
    }

    /**
     * Copies {@code log} to {@code target/it-logs/<name>}, replacing an earlier copy: a home whose lives all append to
     * one log is kept whole at every stop. A server that never wrote its log leaves nothing to keep.
     */
    public static Optional<Path> keep(Path log, String name) {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(DIRECTORY);
            Path kept = Files.copy(log, DIRECTORY.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            KEPT.add(kept);
            return Optional.of(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("keeping " + log + " in " + DIRECTORY, e);
        }
    }

    /** {@code home/server.log} (the launchers' default) as {@code target/it-logs/<home's folder name>-server.log}. */
    public static Optional<Path> keepServerLog(Path home) {
        return keep(home.resolve("server.log"), home.getFileName() + "-server.log");
    }

    public static Path directory() {
        return DIRECTORY;
    }

    /** The logs this JVM kept: a scan in the same JVM must have read each of them. */
    public static Set<Path> keptByThisJvm() {
        return Set.copyOf(KEPT);
    }
}
