package io.meridian.sync.batch;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * "Must this execution stop here?" for long-running work inside a step: asked to stop (STOPPING), or fenced —
 * the row holds another node's lease epoch ({@link ExecutionFence}). Reads the execution's row (status and lease
 * together) at most every {@value #MIN_INTERVAL_MILLIS} ms whoever asks (one thread reads, the others get the last
 * answer), and stays true once true. Shared per execution through {@link StopSignals}.
 */
final class StopSignal implements BooleanSupplier {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StopSignal.class);

    static final long MIN_INTERVAL_MILLIS = 250;

    private final ExecutionRepository executions;
    private final ExecutionFence fence;
    private final UUID executionId;
    private volatile boolean stopped;
    private final AtomicLong lastAskedNanos = new AtomicLong(System.nanoTime() - MIN_INTERVAL_MILLIS * 1_000_000);

    StopSignal(ExecutionRepository executions, ExecutionFence fence, UUID executionId) {
        this.executions = executions;
        this.fence = fence;
        this.executionId = executionId;
    }

    @Override
    public boolean getAsBoolean() {
        if (stopped || fence.lost(executionId)) {
            return true;
        }
        long now = System.nanoTime();
        long last = lastAskedNanos.get();
        if (now - last >= MIN_INTERVAL_MILLIS * 1_000_000 && lastAskedNanos.compareAndSet(last, now)) {
            try {
                stopped = executions.control(executionId).map(c -> c.status() == ExecutionStatus.STOPPING
                        || c.status() == ExecutionStatus.STOPPED || !fence.observe(executionId, c.holder()))
                        .orElse(false);
            } catch (org.springframework.dao.DataAccessException e) {
                // the database is away (a restart): the last answer stands; the next write fails the chunk if it
                // stays away. Throwing here would end the transfer's stop watch for good.
                LOG.debug("execution {}: stop signal not read ({}); the last answer stands", executionId,
                        e.getMessage());
            }
        }
        return stopped;
    }
}
