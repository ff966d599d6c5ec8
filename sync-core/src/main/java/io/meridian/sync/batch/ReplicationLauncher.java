package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts and resumes replication jobs on its own executor, so a REST trigger returns at once
 * whatever task executor the {@link JobOperator} was built with.
 *
 * <p>There is deliberately no stop here: a stop is the execution row's STOPPING flag, which the
 * plan step and the transfer step's interruption policy read (before each chunk) and end the job STOPPED. Calling
 * {@code JobOperator.stop} as well raced the job's own start (optimistic-lock failure on the
 * job execution's version, so a stopped execution ended FAILED) and cannot reach a job running
 * on another node anyway.
 */
public final class ReplicationLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationLauncher.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final ResolvedExecutions resolved;
    private final ExecutionFinalizer finalizer;
    private final Executor launchPool;
    private final ExecutionFence fence;

    public ReplicationLauncher(JobOperator operator, JobRepository repository, Job job, ResolvedExecutions resolved,
                               ExecutionFinalizer finalizer, ExecutionFence fence, Executor launchPool) {
        this.fence = fence;
        this.operator = operator;
        this.repository = repository;
        this.job = job;
        this.resolved = resolved;
        this.finalizer = finalizer;
        this.launchPool = launchPool;
    }

    /**
     * A job execution whose last metadata update failed (the database went away) ends UNKNOWN, which Spring Batch
     * refuses to restart; so does a step execution left UNKNOWN (its own save went through, then the job's was lost,
     * or the process died before it: the job execution, still marked running, is recovered FAILED but the step keeps
     * UNKNOWN). This job's steps are safe to run again — readers keep no restart state and read what is still
     * pending — so the job execution and its UNKNOWN (or still running) step executions are marked FAILED. They are
     * read again first: the caller's copy may be older than the rows, whose versions every update checks.
     */
    private JobExecution failUnknown(JobExecution stale) {
        JobExecution full = repository.getJobExecution(stale.getId());
        JobExecution execution = full == null ? stale : full;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED);
                if (step.getEndTime() == null) {
                    step.setEndTime(java.time.LocalDateTime.now());
                }
                repository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED);
        if (execution.getEndTime() == null) {
            execution.setEndTime(java.time.LocalDateTime.now());
        }
        repository.update(execution);
        LOG.info("job execution {} ended UNKNOWN, or one of its steps did (its last update was lost with the "
                + "database); marked FAILED to restart it", execution.getId());
        return execution;
    }

    /** The job execution or one of its step executions is UNKNOWN: Spring Batch restarts neither. */
    private static boolean unknown(JobExecution execution) {
        return execution.getStatus() == BatchStatus.UNKNOWN
                || execution.getStepExecutions().stream().anyMatch(step -> step.getStatus() == BatchStatus.UNKNOWN);
    }

    public static JobParameters parameters(UUID executionId) {
        return new JobParametersBuilder()
                .addString(ReplicationJobConfiguration.EXECUTION_ID, executionId.toString(), true)
                .toJobParameters();
    }

    /**
     * Starts the job of a QUEUED execution in the background, after resolving its plan (policy
     * snapshot, registries) once: the job's steps read that plan and never call back. The job runs under
     * {@code lease}: every state write it makes is fenced by the lease's epoch ({@link ExecutionFence}).
     */
    public void launch(ExecutionLease lease) {
        UUID executionId = lease.executionId();
        fence.hold(lease);
        launchPool.execute(() -> {
            try {
                resolved.resolve(executionId);
                CrashPoints.reach("launch.before-job", executionId);
                operator.start(job, parameters(executionId));
            } catch (Exception e) {
                notRun(executionId, "could not start", e);
            }
        });
    }

    /**
     * A job that could not be started or restarted: the execution ends (FAILED, or STOPPED when a stop was asked),
     * unless the database went away — then it stays active and is run again once the database answers.
     */
    private void notRun(UUID executionId, String what, Exception e) {
        resolved.forget(executionId);
        try {
            if (DatabaseOutage.isCause(e)) {
                LOG.warn("execution {} {} while the database was unreachable ({}); it stays active and is run again "
                        + "once the database answers", executionId, what, e.getMessage());
                return;
            }
            LOG.error("execution {} {}: {}", executionId, what, e.getMessage(), e);
            finalizer.notStarted(executionId, what + ": " + e.getMessage());
        } catch (RuntimeException finalizing) {
            LOG.warn("execution {} {}, and its final status could not be written: {}", executionId, what,
                    finalizing.getMessage());
        } finally {
            fence.forget(executionId);
        }
    }

    /**
     * Resumes an execution a dead process left behind: its last job execution (still marked
     * running in the job repository) is recovered as FAILED and restarted, which skips the
     * completed steps and partitions. An execution whose job never started is launched.
     */
    public void resume(ExecutionLease lease) {
        UUID executionId = lease.executionId();
        fence.hold(lease);
        launchPool.execute(() -> {
            try {
                JobExecution last = repository.getLastJobExecution(ReplicationJobConfiguration.JOB_NAME,
                        parameters(executionId));
                resolved.resolve(executionId);
                if (last == null) {
                    LOG.info("resuming execution {}: its job never started; starting it", executionId);
                    operator.start(job, parameters(executionId));
                    return;
                }
                JobExecution stale = last;
                if (stale.isRunning()) {
                    stale = operator.recover(stale);
                }
                if (unknown(stale)) {
                    stale = failUnknown(stale);
                }
                LOG.info("resuming execution {} (job execution {} was {})", executionId, stale.getId(),
                        stale.getStatus());
                operator.restart(stale);
            } catch (Exception e) {
                notRun(executionId, "could not be resumed", e);
            }
        });
    }
}
