package io.meridian.server.replication;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's thread pools, held together (and not as {@code Executor} beans, which would
 * displace Boot's default application task executor). Bounded where the work is bounded by
 * design: artifacts, blob moves, planning HEADs and concurrent executions; the stream pool
 * that runs the destination side of tee'd uploads is bounded by blob workers × destinations.
 */
public final class ReplicationPools implements AutoCloseable {

    final ExecutorService artifacts;
    final ExecutorService blobs;
    final ExecutorService streams;
    final ExecutorService planning;
    final ExecutorService launches;

    ReplicationPools(ReplicationProperties.Pools properties) {
        artifacts = Executors.newFixedThreadPool(properties.artifactConcurrency(), named("meridian-artifact-"));
        blobs = Executors.newFixedThreadPool(properties.blobConcurrency(), named("meridian-blob-"));
        streams = Executors.newCachedThreadPool(named("meridian-stream-"));
        planning = Executors.newFixedThreadPool(properties.planConcurrency(), named("meridian-plan-"));
        launches = Executors.newFixedThreadPool(properties.executionConcurrency(), named("meridian-execution-"));
    }

    @Override
    public void close() {
        List.of(launches, artifacts, blobs, streams, planning).forEach(ExecutorService::shutdownNow);
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
