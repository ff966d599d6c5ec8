package io.meridian.sync.batch;

import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.TaskError;
import io.meridian.sync.transfer.TaskProgress;

/** How one task ended in a transfer wave. */
public record TaskOutcome(TaskRow task, TaskState state, TaskError error, TaskProgress progress) {
}
