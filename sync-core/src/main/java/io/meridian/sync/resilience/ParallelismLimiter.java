package io.meridian.sync.resilience;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * At most {@code limit} tasks of one owner (a policy's execution) running at once on a shared
 * pool, the others queued here in submission order. Unlike a semaphore taken inside the task, a
 * queued task holds no pool thread, so a policy limited to 2 artifacts cannot fill the engine's
 * artifact pool with blocked threads and starve other executions. Thread-safe.
 */
public final class ParallelismLimiter {

    private final int limit;
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private int running;
    private int peak;

    private ParallelismLimiter(int limit) {
        this.limit = limit;
    }

    /** A limiter, or {@code null} when {@code limit} is null or below 1 (no limit). */
    public static ParallelismLimiter of(Integer limit) {
        return limit == null || limit < 1 ? null : new ParallelismLimiter(limit);
    }

    public int limit() {
        return limit;
    }

    /** The most tasks that ran at once so far (for the log and tests). */
    public synchronized int peak() {
        return peak;
    }

    /** Runs {@code task} on {@code pool} now if fewer than {@code limit} run, else when one ends. */
    public void execute(Executor pool, Runnable task) {
        Runnable wrapped = () -> {
            try {
                task.run();
            } finally {
                next(pool);
            }
        };
        synchronized (this) {
            if (running >= limit) {
                queued.add(wrapped);
                return;
            }
            running++;
            peak = Math.max(peak, running);
        }
        submit(pool, wrapped);
    }

    private void next(Executor pool) {
        Runnable following;
        synchronized (this) {
            following = queued.poll();
            if (following == null) {
                running--;
                return;
            }
        }
        submit(pool, following);
    }

    private void submit(Executor pool, Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // the pool is shutting down: give the slot back so nothing waits on a task that never runs
            next(pool);
            throw e;
        }
    }
}
