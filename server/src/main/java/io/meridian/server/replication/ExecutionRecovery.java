package io.meridian.server.replication;

import io.meridian.sync.batch.ExecutionLease;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Keeps executions alive across node deaths when several nodes share the database. At start it
 * resumes this node's own executions left by its previous life (same node id) and any whose
 * lease is stale; then, every heartbeat interval, it renews the leases of what this node runs
 * and takes over executions whose owner stopped renewing. A live node's execution is never
 * resumed elsewhere: its lease stays fresh. Every claim is a new lease epoch, which fences the
 * writes of a node that lost the lease while paused ({@code ExecutionFence}).
 *
 * <p>It also resumes this node's <em>orphans</em>: executions it holds whose job no longer runs here — a job that
 * ended because the database went away (a PostgreSQL restart) leaves its execution active on purpose. One seen on
 * two heartbeats in a row (not a launch in progress) is given a new epoch and resumed.
 */
public class ExecutionRecovery implements ApplicationRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final ExecutionLeases leases;
    private final Consumer<ExecutionLease> resume;
    private final Supplier<Set<UUID>> running;
    private final Duration heartbeat;
    private final boolean enabled;
    /** Taken before this process can hold any lease: own leases renewed earlier belong to a previous life. */
    private final OffsetDateTime startedAt;
    /** Orphans seen on the last heartbeat. */
    private Set<UUID> orphansSeen = Set.of();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "meridian-lease-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param resume  resumes one claimed execution under its new lease (restarts its job, or starts it if it never ran)
     * @param running the executions whose jobs run in this process
     * @param enabled false: this node neither resumes nor takes over anything (it still renews its leases)
     */
    public ExecutionRecovery(ExecutionLeases leases, Consumer<ExecutionLease> resume, Supplier<Set<UUID>> running,
                             Duration heartbeat, boolean enabled) {
        this.leases = leases;
        this.resume = resume;
        this.running = running;
        this.heartbeat = heartbeat;
        this.enabled = enabled;
        this.startedAt = leases.now();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled) {
            resumeClaimed(leases.claimStale(startedAt), "was left unfinished (stale lease, or this node's previous process)");
        }
        long period = Math.max(1, heartbeat.toMillis());
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: renew this node's leases, resume its orphans, then take over stale ones. */
    void tick() {
        try {
            List<UUID> held = leases.renew();
            if (enabled) {
                resumeOrphans(held);
                resumeClaimed(leases.claimStale(null), "lost its node (lease not renewed)");
            }
        } catch (RuntimeException e) {
            // a database hiccup: the next beat retries; leases are long enough to survive a few misses
            LOG.warn("lease heartbeat of node {} failed: {}", leases.node().value(), e.getMessage());
        }
    }

    private void resumeOrphans(List<UUID> held) {
        Set<UUID> orphans = new HashSet<>(held);
        orphans.removeAll(running.get());
        Set<UUID> twice = new HashSet<>(orphans);
        twice.retainAll(orphansSeen);
        orphansSeen = orphans;
        for (UUID id : twice) {
            // re-read what runs: a launch may have started since
            if (!running.get().contains(id)) {
                leases.reclaim(id).ifPresent(lease -> {
                    orphansSeen.remove(id);
                    resumeClaimed(List.of(lease), "has no job on this node any more (it ended without a final status)");
                });
            }
        }
    }

    private void resumeClaimed(List<ExecutionLease> claimed, String why) {
        for (ExecutionLease lease : claimed) {
            LOG.info("execution {} {}; node {} resumes it (lease epoch {})", lease.executionId(), why,
                    leases.node().value(), lease.epoch());
            resume.accept(lease);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
