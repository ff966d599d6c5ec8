package io.meridian.sync.plan;

/**
 * States of one (artifact, destination) task; the names match the {@code tasks.state} check. {@code BLOCKED}: the
 * policy's scan gate refused the artifact ({@link ArtifactGate}); final, reported, not a failure.
 */
public enum TaskState {
    PENDING, RUNNING, COPIED, SKIPPED, CONFLICT, FAILED, STOPPED, BLOCKED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
