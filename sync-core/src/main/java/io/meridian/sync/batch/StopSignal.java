package io.meridian.sync.batch;

import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * "Was this execution asked to stop?" for long-running work inside a step (the planner): reads
 * the execution's row at most every {@value #MIN_INTERVAL_MILLIS} ms, and stays true once true.
 */
final class StopSignal implements BooleanSupplier {

    static final long MIN_INTERVAL_MILLIS = 250;

    private final ExecutionRepository executions;
    private final UUID executionId;
    private volatile boolean stopped;
    private volatile long lastAskedNanos = System.nanoTime() - MIN_INTERVAL_MILLIS * 1_000_000;

    StopSignal(ExecutionRepository executions, UUID executionId) {
        this.executions = executions;
        this.executionId = executionId;
    }

    @Override
    public boolean getAsBoolean() {
        if (stopped) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastAskedNanos >= MIN_INTERVAL_MILLIS * 1_000_000) {
            lastAskedNanos = now;
            stopped = executions.stopRequested(executionId);
        }
        return stopped;
    }
}
