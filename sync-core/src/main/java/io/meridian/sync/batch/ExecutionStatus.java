package io.meridian.sync.batch;

/**
 * Execution states; the names match the {@code executions.status} check. WAITING: queued behind the
 * policy's active execution (a policy with {@code "concurrency":"queue"}); not active yet.
 */
public enum ExecutionStatus {
    WAITING, QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, STOPPING, STOPPED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == STOPPING;
    }
}
