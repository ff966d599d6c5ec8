package io.meridian.sync.batch;

import io.meridian.sync.oci.RepositoryName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step 2 (one partition = one source repository): copies the repository's pending artifacts
 * wave by wave. Each wave's results are recorded in one transaction, so a crash loses at most
 * the wave in flight, whose tasks are redone (cheaply: their blobs are HEADed, not re-sent).
 */
final class TransferTasklet implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(TransferTasklet.class);
    static final String REPOSITORY = "repository";

    private final ReplicationEngine engine;
    private final ExecutionTasks tasks;
    private final Executions executions;
    private final int artifactsPerWave;
    /** Per running partition (step execution id): the source repository's tags, listed once. */
    private final Map<Long, Set<String>> sourceTags = new ConcurrentHashMap<>();

    TransferTasklet(ReplicationEngine engine, ExecutionTasks tasks, Executions executions, int artifactsPerWave) {
        this.engine = engine;
        this.tasks = tasks;
        this.executions = executions;
        this.artifactsPerWave = artifactsPerWave;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID executionId = ReplicationJobConfiguration.executionId(chunkContext);
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        String repository = step.getExecutionContext().getString(REPOSITORY);
        if (!sourceTags.containsKey(step.getId())) {
            int reset = tasks.resetRunning(executionId, repository);
            if (reset > 0) {
                LOG.info("execution {}: {} tasks of {} were running when a process died; redoing them",
                        executionId, reset, repository);
            }
            ResolvedExecution execution = engine.resolve(executionId);
            sourceTags.put(step.getId(), Set.copyOf(execution.source().listTags(RepositoryName.parse(repository))));
        }
        if (executions.stopRequested(executionId)) {
            step.setTerminateOnly();
            sourceTags.remove(step.getId());
            return RepeatStatus.FINISHED;
        }
        List<TaskRow> wave = tasks.nextWave(executionId, repository, artifactsPerWave);
        if (wave.isEmpty()) {
            sourceTags.remove(step.getId());
            return RepeatStatus.FINISHED;
        }
        ResolvedExecution execution = engine.resolve(executionId);
        List<TaskOutcome> outcomes = engine.transfer(execution, wave, sourceTags.get(step.getId()));
        tasks.record(executionId, execution.source().id(), outcomes);
        contribution.incrementWriteCount(outcomes.size());
        return RepeatStatus.CONTINUABLE;
    }
}
