package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

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

    public ReplicationLauncher(JobOperator operator, JobRepository repository, Job job, ResolvedExecutions resolved,
                               ExecutionFinalizer finalizer, Executor launchPool) {
        this.operator = operator;
        this.repository = repository;
        this.job = job;
        this.resolved = resolved;
        this.finalizer = finalizer;
        this.launchPool = launchPool;
    }

    public static JobParameters parameters(UUID executionId) {
        return new JobParametersBuilder()
                .addString(ReplicationJobConfiguration.EXECUTION_ID, executionId.toString(), true)
                .toJobParameters();
    }

    /**
     * Starts the job of a QUEUED execution in the background, after resolving its plan (policy
     * snapshot, registries) once: the job's steps read that plan and never call back.
     */
    public void launch(UUID executionId) {
        launchPool.execute(() -> {
            try {
                resolved.resolve(executionId);
                CrashPoints.reach("launch.before-job", executionId);
                operator.start(job, parameters(executionId));
            } catch (Exception e) {
                LOG.error("execution {} could not start: {}", executionId, e.getMessage(), e);
                resolved.forget(executionId);
                finalizer.notStarted(executionId, "could not start: " + e.getMessage());
            }
        });
    }

    /**
     * Resumes an execution a dead process left behind: its last job execution (still marked
     * running in the job repository) is recovered as FAILED and restarted, which skips the
     * completed steps and partitions. An execution whose job never started is launched.
     */
    public void resume(UUID executionId) {
        JobExecution last = repository.getLastJobExecution(ReplicationJobConfiguration.JOB_NAME,
                parameters(executionId));
        if (last == null) {
            LOG.info("resuming execution {}: its job never started; starting it", executionId);
            launch(executionId);
            return;
        }
        launchPool.execute(() -> {
            try {
                resolved.resolve(executionId);
                JobExecution stale = last;
                if (stale.isRunning()) {
                    stale = operator.recover(stale);
                }
                LOG.info("resuming execution {} (job execution {} was {})", executionId, stale.getId(),
                        stale.getStatus());
                operator.restart(stale);
            } catch (Exception e) {
                LOG.error("execution {} could not be resumed: {}", executionId, e.getMessage(), e);
                resolved.forget(executionId);
                finalizer.finish(executionId, false, "could not resume: " + e.getMessage());
            }
        });
    }
}
