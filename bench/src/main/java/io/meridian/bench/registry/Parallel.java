package io.meridian.bench.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks with at most {@code width} in flight; the first failure is rethrown after all have stopped. */
public final class Parallel {

    private Parallel() {
    }

    public static void run(int width, List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(width, tasks.size())), r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            tasks.forEach(t -> futures.add(pool.submit(t)));
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                        futures.forEach(x -> x.cancel(true));
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after an earlier failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
