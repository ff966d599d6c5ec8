package io.meridian.sync.batch;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.TaskState;
import java.util.Set;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The transfer step's processor (one per partition): copies one artifact to its destinations.
 * The step runs the processors of a chunk concurrently on the artifact pool. When every
 * destination failed for one and the same cause (the source side: manifest GET, a blob), that
 * cause is thrown, so the retry and skip the step builder declares against the OCI client's
 * retryable/permanent branches apply; per-destination failures are outcomes.
 */
class TransferProcessor implements ItemProcessor<PendingArtifact, ArtifactOutcome>, ItemStream {

    private final ReplicationEngine engine;
    private final ResolvedExecution execution;
    private final RepositoryName repository;
    /** The source repository's tags, listed when the partition opens: signature look-ups without HEADs. */
    private volatile Set<String> sourceTags;

    TransferProcessor(ReplicationEngine engine, ResolvedExecution execution, RepositoryName repository) {
        this.engine = engine;
        this.execution = execution;
        this.repository = repository;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        sourceTags = Set.copyOf(execution.source().listTags(repository));
    }

    @Override
    public ArtifactOutcome process(PendingArtifact artifact) {
        ArtifactOutcome outcome = engine.copy(execution, artifact, sourceTags);
        Throwable common = outcome.tasks().get(0).cause();
        boolean allFailedAlike = common != null && outcome.tasks().stream()
                .allMatch(t -> t.state() == TaskState.FAILED && t.cause() == common);
        if (allFailedAlike && TransferFaults.isDeclared(common)) {
            throw (RuntimeException) TransferFaults.unwrap(common);
        }
        return outcome;
    }
}
