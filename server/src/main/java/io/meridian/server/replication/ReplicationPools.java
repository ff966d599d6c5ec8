package io.meridian.server.replication;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's thread pools, held together (and not as {@code Executor} beans, which would
 * displace Boot's default application task executor). Bounded where the work is bounded by
 * design: artifacts, blob moves, planning HEADs and concurrent executions; the stream pool
 * that runs the destination side of tee'd uploads is bounded by blob workers × destinations.
 *
 * <p>{@link #close()} is orderly: no new work is accepted, running work gets
 * {@code pools.shutdown-timeout} to finish, and only what outlives it is interrupted.
 */
public final class ReplicationPools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationPools.class);

    final ExecutorService artifacts;
    final ExecutorService blobs;
    final ExecutorService streams;
    final ExecutorService planning;
    final ExecutorService launches;
    private final Duration shutdownTimeout;

    ReplicationPools(ReplicationProperties.Pools properties) {
        artifacts = Executors.newFixedThreadPool(properties.artifactConcurrency(), named("meridian-artifact-"));
        blobs = Executors.newFixedThreadPool(properties.blobConcurrency(), named("meridian-blob-"));
        streams = Executors.newCachedThreadPool(named("meridian-stream-"));
        planning = Executors.newFixedThreadPool(properties.planConcurrency(), named("meridian-plan-"));
        launches = Executors.newFixedThreadPool(properties.executionConcurrency(), named("meridian-execution-"));
        shutdownTimeout = properties.shutdownTimeout();
    }

    /** Executions first (they feed the others), then the work they wait on; all within one deadline. */
    private List<ExecutorService> all() {
        return List.of(launches, artifacts, blobs, streams, planning);
    }

    @Override
    public void close() {
        all().forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        boolean interrupted = false;
        for (ExecutorService pool : all()) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        long stillRunning = all().stream().filter(pool -> !pool.isTerminated()).count();
        if (stillRunning > 0) {
            LOG.warn("{} replication pools still busy {} after shutdown began; interrupting their work",
                    stillRunning, shutdownTimeout);
            all().forEach(ExecutorService::shutdownNow);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
