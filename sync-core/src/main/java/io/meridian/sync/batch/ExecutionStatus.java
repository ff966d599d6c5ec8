package io.meridian.sync.batch;

/** Execution states; the names match the {@code executions.status} check. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, STOPPING, STOPPED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == STOPPING;
    }
}
