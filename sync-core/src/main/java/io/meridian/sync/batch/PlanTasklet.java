package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.helm.ChartExecution;
import io.meridian.sync.helm.ChartReplicator;
import io.meridian.sync.plan.PlannedTask;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step 1: list, filter, HEAD both sides, persist one task per (artifact, destination). A stop
 * takes effect within a fraction of a second, not at the end of the plan; an interrupt propagates.
 */
final class PlanTasklet implements Tasklet {

    private final ReplicationEngine engine;
    private final ResolvedExecutions resolved;
    private final TaskRepository tasks;
    private final StopSignals stopSignals;
    private final ExecutionFence fence;

    PlanTasklet(ReplicationEngine engine, ResolvedExecutions resolved, TaskRepository tasks, StopSignals stopSignals,
                ExecutionFence fence) {
        this.fence = fence;
        this.engine = engine;
        this.resolved = resolved;
        this.tasks = tasks;
        this.stopSignals = stopSignals;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        UUID executionId = ReplicationJobConfiguration.executionId(chunkContext);
        if (stopSignals.of(executionId).getAsBoolean()) {
            // stopped while queued: do not even list the source
            chunkContext.getStepContext().getStepExecution().setTerminateOnly();
            return RepeatStatus.FINISHED;
        }
        ResolvedExecution execution = resolved.get(executionId);
        CrashPoints.reach("plan.started", executionId);
        if (execution.charts().isPresent()) {
            // a classic chart repository source: replicated whole here, every task recorded final
            List<PlannedTask> charts;
            try (ChartExecution chartExecution = execution.charts().get()) {
                charts = chartExecution.run(ChartReplicator.defaults());
            }
            fence.write(executionId, () -> tasks.insert(executionId, charts));
            contribution.incrementWriteCount(charts.size());
            return RepeatStatus.FINISHED;
        }
        var result = engine.planner().plan(execution.spec(), execution.source(), execution.destinations(),
                new JdbcTaskSink(tasks, fence, executionId, JdbcTaskSink.DEFAULT_BATCH), stopSignals.of(executionId));
        if (result.stopped()) {
            // asked to stop while planning: the HEADs in flight were cancelled; the job ends STOPPED
            chunkContext.getStepContext().getStepExecution().setTerminateOnly();
        }
        contribution.incrementWriteCount(result.pending() + result.skipped() + result.conflicts() + result.failed());
        return RepeatStatus.FINISHED;
    }
}
