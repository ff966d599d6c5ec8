package io.meridian.sync.plan;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;

/**
 * The planner's HEADs handed to the (shared) pool, so a stop or an interrupt can cancel them:
 * once cancelled, queued HEADs never run and running ones are interrupted through their own
 * {@link FutureTask}, which never lets the interrupt reach another task on the same thread.
 */
final class InFlight {

    private final Set<FutureTask<Void>> tasks = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    void execute(ExecutorService pool, Runnable head) {
        FutureTask<Void> task = new FutureTask<>(head, null) {
            @Override
            protected void done() {
                tasks.remove(this);
            }
        };
        tasks.add(task);
        if (cancelled) {
            task.cancel(false);
            return;
        }
        pool.execute(task);
    }

    boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
        tasks.forEach(t -> t.cancel(true));
    }
}
