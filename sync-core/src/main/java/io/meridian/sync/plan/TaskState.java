package io.meridian.sync.plan;

/** States of one (artifact, destination) task; the names match the {@code tasks.state} check. */
public enum TaskState {
    PENDING, RUNNING, COPIED, SKIPPED, CONFLICT, FAILED, STOPPED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
