package io.meridian.sync.batch;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * "Was this execution asked to stop?" for long-running work inside a step: reads the execution's
 * row at most every {@value #MIN_INTERVAL_MILLIS} ms whoever asks (one thread reads, the others
 * get the last answer), and stays true once true. Shared per execution through {@link StopSignals}.
 */
final class StopSignal implements BooleanSupplier {

    static final long MIN_INTERVAL_MILLIS = 250;

    private final ExecutionRepository executions;
    private final UUID executionId;
    private volatile boolean stopped;
    private final AtomicLong lastAskedNanos = new AtomicLong(System.nanoTime() - MIN_INTERVAL_MILLIS * 1_000_000);

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
        long last = lastAskedNanos.get();
        if (now - last >= MIN_INTERVAL_MILLIS * 1_000_000 && lastAskedNanos.compareAndSet(last, now)) {
            stopped = executions.stopRequested(executionId);
        }
        return stopped;
    }
}
