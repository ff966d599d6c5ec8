package io.meridian.sync.plan;

/**
 * States of one (artifact, destination) task; the names match the {@code tasks.state} check. DELETED: a
 * mirror-mode delete task removed its tag at the destination.
 */
public enum TaskState {
    PENDING, RUNNING, COPIED, SKIPPED, CONFLICT, FAILED, STOPPED, DELETED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
