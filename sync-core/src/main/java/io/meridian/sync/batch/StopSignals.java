package io.meridian.sync.batch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link StopSignal} per running execution, shared by its plan, route and transfer steps and by every partition:
 * however many threads ask, the execution's row is read at most every {@value StopSignal#MIN_INTERVAL_MILLIS} ms.
 * (With a signal per partition, eight partitions' stop watchers and the steps' interruption checks read the row
 * 16+ times a second and held database connections the copiers were waiting for: measured on the small-images
 * benchmark as ~1,000 status reads slower than 10 ms per three runs and more time in the connection pool.)
 */
final class StopSignals {

    private final ExecutionRepository executions;
    private final ExecutionFence fence;
    private final Map<UUID, StopSignal> signals = new ConcurrentHashMap<>();

    StopSignals(ExecutionRepository executions, ExecutionFence fence) {
        this.executions = executions;
        this.fence = fence;
    }

    StopSignal of(UUID executionId) {
        return signals.computeIfAbsent(executionId, id -> new StopSignal(executions, fence, id));
    }

    /** When the execution's job has ended on this node. */
    void forget(UUID executionId) {
        signals.remove(executionId);
    }
}
