package io.meridian.sync.batch;

import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Ties the Spring Batch job execution to Meridian's execution row: RUNNING when it starts,
 * and the final status when it stops or fails (a completed job is finalized by its last step).
 */
final class ReplicationJobListener implements JobExecutionListener {

    private final ExecutionRepository executions;
    private final ExecutionFinalizer finalizer;
    private final ResolvedExecutions resolved;
    private final StopSignals stopSignals;

    ReplicationJobListener(ExecutionRepository executions, ExecutionFinalizer finalizer, ResolvedExecutions resolved,
                           StopSignals stopSignals) {
        this.executions = executions;
        this.finalizer = finalizer;
        this.resolved = resolved;
        this.stopSignals = stopSignals;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        executions.started(id(jobExecution), jobExecution.getId());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        UUID id = id(jobExecution);
        try {
            BatchStatus status = jobExecution.getStatus();
            // a stop interrupts copies in flight: the step may then end FAILED, but the execution was stopped
            if (status == BatchStatus.STOPPED
                    || status != BatchStatus.COMPLETED && executions.stopRequested(id)) {
                finalizer.finish(id, true, null);
            } else if (status != BatchStatus.COMPLETED) {
                String error = jobExecution.getAllFailureExceptions().stream().findFirst()
                        .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                        .orElse("job ended " + status);
                finalizer.finish(id, false, error);
            }
        } finally {
            resolved.forget(id);
            stopSignals.forget(id);
        }
    }

    private static UUID id(JobExecution jobExecution) {
        return UUID.fromString(jobExecution.getJobParameters().getString(ReplicationJobConfiguration.EXECUTION_ID));
    }
}
