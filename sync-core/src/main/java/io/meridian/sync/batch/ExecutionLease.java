package io.meridian.sync.batch;

import java.util.Objects;
import java.util.UUID;

/**
 * A node's lease on one execution: the execution and the fencing token ({@code executions.lease_epoch}) the node
 * was given when it was admitted or took the execution over. Every state write of the engine is conditional on
 * the row still holding this epoch ({@link ExecutionFence}).
 */
public record ExecutionLease(UUID executionId, long epoch) {

    public ExecutionLease {
        Objects.requireNonNull(executionId, "executionId");
    }
}
