package io.meridian.server.replication;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Keeps executions alive across node deaths when several nodes share the database. At start it
 * resumes this node's own executions left by its previous life (same node id) and any whose
 * lease is stale; then, every heartbeat interval, it renews the leases of what this node runs
 * and takes over executions whose owner stopped renewing. A live node's execution is never
 * resumed elsewhere: its lease stays fresh.
 */
public class ExecutionRecovery implements ApplicationRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final ExecutionLeases leases;
    private final Consumer<UUID> resume;
    private final Duration heartbeat;
    private final boolean enabled;
    /** Taken before this process can hold any lease: own leases renewed earlier belong to a previous life. */
    private final OffsetDateTime startedAt;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "meridian-lease-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param resume  resumes one claimed execution (restarts its job, or starts it if it never ran)
     * @param enabled false: this node neither resumes nor takes over anything (it still renews its leases)
     */
    public ExecutionRecovery(ExecutionLeases leases, Consumer<UUID> resume, Duration heartbeat, boolean enabled) {
        this.leases = leases;
        this.resume = resume;
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

    /** One heartbeat: renew this node's leases, then take over stale ones. */
    void tick() {
        try {
            leases.renew();
            if (enabled) {
                resumeClaimed(leases.claimStale(null), "lost its node (lease not renewed)");
            }
        } catch (RuntimeException e) {
            // a database hiccup: the next beat retries; leases are long enough to survive a few misses
            LOG.warn("lease heartbeat of node {} failed: {}", leases.node().value(), e.getMessage());
        }
    }

    private void resumeClaimed(List<UUID> claimed, String why) {
        for (UUID id : claimed) {
            LOG.info("execution {} {}; node {} resumes it", id, why, leases.node().value());
            resume.accept(id);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
