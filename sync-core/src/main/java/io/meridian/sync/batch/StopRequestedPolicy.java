package io.meridian.sync.batch;

import java.util.UUID;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;

/**
 * Ends a step at its next chunk boundary when the execution's row says STOPPING (a stop asked on
 * any node) or the thread was interrupted; the step, and so the job, ends STOPPED.
 */
final class StopRequestedPolicy implements StepInterruptionPolicy {

    private final StopSignals stopSignals;

    StopRequestedPolicy(StopSignals stopSignals) {
        this.stopSignals = stopSignals;
    }

    @Override
    public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
        UUID executionId = ReplicationJobConfiguration.executionId(stepExecution);
        if (Thread.currentThread().isInterrupted() || stopSignals.of(executionId).getAsBoolean()) {
            stepExecution.setTerminateOnly();
            throw new JobInterruptedException("execution " + executionId + " was asked to stop");
        }
    }
}
