package io.meridian.sync.batch;

import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.TaskError;
import io.meridian.sync.transfer.TaskProgress;

/**
 * How one task ended.
 *
 * @param cause the failure itself (not persisted; lets the step's fault tolerance see its type), or null
 */
public record TaskOutcome(TaskRow task, TaskState state, TaskError error, TaskProgress progress, Throwable cause) {
    public TaskOutcome(TaskRow task, TaskState state, TaskError error, TaskProgress progress) {
        this(task, state, error, progress, null);
    }
}
