package io.meridian.sync.batch;

import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the Spring Batch job execution to Meridian's execution row: RUNNING when it starts,
 * and the final status when it stops or fails (a completed job is finalized by its last step).
 * Two endings write nothing: a job of a node that lost the execution's lease (fenced: another node runs it now),
 * and a job that failed because the database went away (the execution stays active and is run again by
 * {@code ExecutionRecovery} once the database answers; ending it FAILED would blame the work).
 */
final class ReplicationJobListener implements JobExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationJobListener.class);

    private final ExecutionRepository executions;
    private final ExecutionFinalizer finalizer;
    private final ResolvedExecutions resolved;
    private final StopSignals stopSignals;
    private final ExecutionFence fence;

    ReplicationJobListener(ExecutionRepository executions, ExecutionFinalizer finalizer, ResolvedExecutions resolved,
                           StopSignals stopSignals, ExecutionFence fence) {
        this.fence = fence;
        this.executions = executions;
        this.finalizer = finalizer;
        this.resolved = resolved;
        this.stopSignals = stopSignals;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        UUID id = id(jobExecution);
        // fenced: nothing written, and the plan step's stop signal ends the job at once
        fence.write(id, () -> executions.started(id, jobExecution.getId()));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        UUID id = id(jobExecution);
        try {
            BatchStatus status = jobExecution.getStatus();
            if (fence.lost(id)) {
                LOG.info("execution {}: this node's job ended {} after the lease moved on; nothing written", id,
                        status);
                return;
            }
            if (status != BatchStatus.COMPLETED && status != BatchStatus.STOPPED
                    && jobExecution.getAllFailureExceptions().stream().anyMatch(DatabaseOutage::isCause)) {
                LOG.warn("execution {}: its job ended {} because the database connection was lost; the execution "
                        + "stays active and is resumed once the database answers", id, status);
                return;
            }
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
        } catch (RuntimeException e) {
            if (!DatabaseOutage.isCause(e)) {
                throw e;
            }
            LOG.warn("execution {}: its final status could not be written ({}); it stays active and is resumed "
                    + "once the database answers", id, e.getMessage());
        } finally {
            fence.forget(id);
            resolved.forget(id);
            stopSignals.forget(id);
        }
    }

    private static UUID id(JobExecution jobExecution) {
        return UUID.fromString(jobExecution.getJobParameters().getString(ReplicationJobConfiguration.EXECUTION_ID));
    }
}
