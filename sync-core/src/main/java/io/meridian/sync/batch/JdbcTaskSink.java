package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskSink;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Buffers planned tasks and hands them to {@link TaskRepository#insert} in JDBC batches of
 * {@value #DEFAULT_BATCH} rows. Thread-safe: the planner's threads emit concurrently.
 */
public final class JdbcTaskSink implements TaskSink {

    public static final int DEFAULT_BATCH = 500;

    private final TaskRepository tasks;
    private final ExecutionFence fence;
    private final UUID executionId;
    private final int batchSize;
    private final List<PlannedTask> buffer = new ArrayList<>();

    /** @param fence the execution's fence (null: unfenced, e.g. a test's own rows) */
    public JdbcTaskSink(TaskRepository tasks, ExecutionFence fence, UUID executionId, int batchSize) {
        this.tasks = tasks;
        this.fence = fence;
        this.executionId = executionId;
        this.batchSize = batchSize;
    }

    @Override
    public void accept(PlannedTask task) {
        List<PlannedTask> full = null;
        synchronized (buffer) {
            buffer.add(task);
            if (buffer.size() >= batchSize) {
                full = new ArrayList<>(buffer);
                buffer.clear();
            }
        }
        if (full != null) {
            insert(full);
        }
    }

    @Override
    public void flush() {
        List<PlannedTask> rest;
        synchronized (buffer) {
            rest = new ArrayList<>(buffer);
            buffer.clear();
        }
        if (!rest.isEmpty()) {
            insert(rest);
        }
    }

    /** Fenced: a node that lost the execution's lease inserts nothing (its stop signal then ends the plan). */
    private void insert(List<PlannedTask> batch) {
        if (fence == null) {
            tasks.insert(executionId, batch);
        } else {
            fence.write(executionId, () -> tasks.insert(executionId, batch));
        }
        CrashPoints.reach("plan.tasks-written", executionId);
    }
}
