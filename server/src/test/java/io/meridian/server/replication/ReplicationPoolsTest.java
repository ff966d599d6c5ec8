package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Closing the pools (context shutdown) lets running work finish within a bound, then interrupts what is left. */
class ReplicationPoolsTest {

    private static ReplicationPools pools(Duration shutdownTimeout) {
        return new ReplicationPools(new ReplicationProperties.Pools(2, 2, 2, 1, 1, shutdownTimeout));
    }

    @Test
    void closeLetsRunningWorkFinishAndThenTerminatesEveryPool() throws Exception {
        ReplicationPools pools = pools(Duration.ofSeconds(30));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        pools.blobs.submit(() -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(pools::close);
        awaitShutdown(pools.blobs);
        assertThat(closing).as("close waits for running work").isNotDone();
        assertThatThrownBy(() -> pools.artifacts.submit(() -> { }))
                .as("no new work once shutdown began").isInstanceOf(RejectedExecutionException.class);

        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(finished).as("running work finished").isTrue();
        assertThat(interrupted).as("running work was not interrupted").isFalse();
        for (ExecutorService pool : new ExecutorService[]{pools.artifacts, pools.blobs, pools.streams, pools.planning,
                pools.launches}) {
            assertThat(pool.isTerminated()).isTrue();
        }
    }

    @Test
    void closeInterruptsWorkThatOutlivesTheTimeout() throws Exception {
        ReplicationPools pools = pools(Duration.ofMillis(300));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pools.launches.submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS); // never released: only an interrupt ends it
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        long begin = System.nanoTime();
        pools.close();
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;

        assertThat(tookMillis).as("close is bounded by the timeout").isBetween(250L, 10_000L);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("stuck work interrupted").isTrue();
        assertThat(pools.launches.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitShutdown(ExecutorService pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pool.isShutdown()) {
            assertThat(System.nanoTime()).as("pool shut down within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
