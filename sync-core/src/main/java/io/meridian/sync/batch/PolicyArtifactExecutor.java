package io.meridian.sync.batch;

import io.meridian.sync.resilience.ParallelismLimiter;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;

/**
 * The transfer step's executor: the engine's shared artifact pool, with each execution's
 * {@code limits.parallelArtifacts} applied across <em>all</em> its partitions (one
 * {@link ParallelismLimiter} per execution, not one per partition or worker). The chunk step
 * submits an artifact from its partition's thread, where Spring Batch has registered the step
 * execution: that names the execution. Anything submitted elsewhere goes straight to the pool.
 */
final class PolicyArtifactExecutor implements Executor {

    private final Executor pool;
    private final ResolvedExecutions resolved;

    PolicyArtifactExecutor(Executor pool, ResolvedExecutions resolved) {
        this.pool = pool;
        this.resolved = resolved;
    }

    @Override
    public void execute(Runnable task) {
        ParallelismLimiter limiter = limiterOfCurrentStep();
        if (limiter == null) {
            pool.execute(task);
        } else {
            limiter.execute(pool, task);
        }
    }

    private ParallelismLimiter limiterOfCurrentStep() {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            return null;
        }
        String id = context.getStepExecution().getJobExecution().getJobParameters()
                .getString(ReplicationJobConfiguration.EXECUTION_ID);
        return id == null ? null : resolved.get(UUID.fromString(id)).parallelArtifacts();
    }
}
