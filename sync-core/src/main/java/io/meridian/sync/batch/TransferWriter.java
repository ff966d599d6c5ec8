package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.TaskError;
import io.meridian.sync.transfer.TaskProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The transfer step's writer: one chunk's outcomes in one short transaction — task states and
 * the blobs each moved (JDBC batches), where each blob now is, bytes per registry, fenced by the execution's
 * lease epoch ({@link ExecutionFence}: a node that lost the lease writes nothing). The copies
 * themselves ran outside any transaction (the step's is resourceless), so no connection waits
 * while artifacts copy. Also records the tasks of a skipped artifact as FAILED with the reason.
 */
class TransferWriter implements ItemWriter<ArtifactOutcome>, SkipListener<PendingArtifact, ArtifactOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(TransferWriter.class);

    private final UUID executionId;
    private final long sourceRegistryId;
    private final TaskRepository tasks;
    private final ExecutionRepository executions;
    private final BlobLocationRepository locations;
    private final ExecutionFence fence;

    TransferWriter(UUID executionId, long sourceRegistryId, TaskRepository tasks, ExecutionRepository executions,
                   BlobLocationRepository locations, ExecutionFence fence) {
        this.executionId = executionId;
        this.sourceRegistryId = sourceRegistryId;
        this.tasks = tasks;
        this.executions = executions;
        this.locations = locations;
        this.fence = fence;
    }

    @Override
    public void write(Chunk<? extends ArtifactOutcome> chunk) {
        List<TaskOutcome> outcomes = new ArrayList<>();
        chunk.forEach(a -> outcomes.addAll(a.tasks()));
        failIfTheDatabaseWentAway(outcomes);
        record(outcomes);
    }

    /**
     * A copy whose bookkeeping failed because the database went away (where a blob was just uploaded is recorded at
     * once) is not the task's failure: recorded FAILED, a sound artifact would end the execution PARTIAL once the
     * database is back (found by PostgresRestartIT with a drawn outage). The chunk fails instead, as on any database
     * error, before anything of it is written: its tasks stay PENDING and the resumed job copies them (their blobs
     * are found in place). Checked here, after every copy of the chunk has ended, not in the processor: throwing there
     * would leave the chunk's other copies running past their job.
     */
    private static void failIfTheDatabaseWentAway(List<TaskOutcome> outcomes) {
        for (TaskOutcome outcome : outcomes) {
            if (outcome.cause() != null && DatabaseOutage.isCause(outcome.cause())) {
                throw new DataAccessResourceFailureException("the database went away while " + outcome.task()
                        .sourceRepository().value() + ":" + outcome.task().reference() + " was copied; the chunk's"
                        + " tasks stay pending", outcome.cause());
            }
        }
    }

    @Override
    public void onSkipInProcess(PendingArtifact artifact, Throwable t) {
        TaskError error = TaskError.of(t);
        LOG.info("execution {}: {}:{} failed at every destination: {}", executionId, artifact.repository().value(),
                artifact.reference(), error.message());
        record(artifact.tasks().stream().map(row -> new TaskOutcome(row, TaskState.FAILED, error, null)).toList());
    }

    private void record(List<TaskOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<BlobLocationRepository.BlobLocation> seen = new ArrayList<>();
        Map<Long, long[]> bytes = new HashMap<>();
        Map<Long, Map<String, Long>> byEndpoint = new HashMap<>();
        for (TaskOutcome o : outcomes) {
            TaskProgress progress = o.progress();
            if (progress == null) {
                continue;
            }
            for (TaskProgress.BlobRecord b : progress.blobs()) {
                seen.add(new BlobLocationRepository.BlobLocation(o.task().destinationRegistryId(),
                        o.task().destinationRepository(), b.digest(), b.size()));
            }
            bytes.computeIfAbsent(sourceRegistryId, k -> new long[2])[0] += progress.bytesRead();
            bytes.computeIfAbsent(o.task().destinationRegistryId(), k -> new long[2])[1] += progress.bytesWritten();
            // keys are "<registry>/<endpoint>"; the row keeps the endpoint part under the registry's id
            progress.bytesByEndpoint().forEach((key, n) -> byEndpoint
                    .computeIfAbsent(o.task().destinationRegistryId(), k -> new HashMap<>())
                    .merge(key.substring(key.indexOf('/') + 1), n, Long::sum));
        }
        // fenced (another node holds the execution now): nothing written, the stop signal ends the step quietly
        fence.write(executionId, () -> {
            tasks.record(executionId, outcomes);
            locations.rememberAll(seen);
            executions.addBytes(executionId, bytes);
            executions.addEndpointBytes(executionId, byEndpoint);
            CrashPoints.reach("writer.before-commit", executionId);
        });
        CrashPoints.reach("writer.committed", executionId);
    }
}
