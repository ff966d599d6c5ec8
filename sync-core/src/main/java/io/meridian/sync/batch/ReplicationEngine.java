package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.plan.Planner;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.CopyTarget;
import io.meridian.sync.transfer.TaskError;
import io.meridian.sync.transfer.TaskProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The framework-free heart of the job: resolves executions (cached while they run), plans,
 * and transfers one wave of artifacts in parallel on the artifact pool.
 */
public final class ReplicationEngine {

    private final ExecutionResolver resolver;
    private final Planner planner;
    private final ArtifactCopier copier;
    private final ExecutorService artifactPool;
    private final MeterRegistry meters;
    private final Map<UUID, ResolvedExecution> resolved = new ConcurrentHashMap<>();

    public ReplicationEngine(ExecutionResolver resolver, Planner planner, ArtifactCopier copier,
                             ExecutorService artifactPool, MeterRegistry meters) {
        this.resolver = resolver;
        this.planner = planner;
        this.copier = copier;
        this.artifactPool = artifactPool;
        this.meters = meters;
    }

    public Planner planner() {
        return planner;
    }

    public ResolvedExecution resolve(UUID executionId) {
        return resolved.computeIfAbsent(executionId, resolver::resolve);
    }

    public void forget(UUID executionId) {
        resolved.remove(executionId);
    }

    /** Copies every artifact of the wave (each to all its pending destinations at once). */
    public List<TaskOutcome> transfer(ResolvedExecution execution, List<TaskRow> wave, Set<String> sourceTags) {
        Map<String, List<TaskRow>> byArtifact = new LinkedHashMap<>();
        for (TaskRow row : wave) {
            byArtifact.computeIfAbsent(row.sourceRepository() + "\u0000" + row.reference(), k -> new ArrayList<>())
                    .add(row);
        }
        List<CompletableFuture<List<TaskOutcome>>> futures = new ArrayList<>();
        for (List<TaskRow> rows : byArtifact.values()) {
            futures.add(CompletableFuture.supplyAsync(() -> copyArtifact(execution, rows, sourceTags), artifactPool));
        }
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<List<TaskOutcome>> future : futures) {
            outcomes.addAll(future.join());
        }
        return outcomes;
    }

    private List<TaskOutcome> copyArtifact(ResolvedExecution execution, List<TaskRow> rows, Set<String> sourceTags) {
        TaskRow first = rows.get(0);
        List<CopyTarget> targets = new ArrayList<>();
        List<TaskOutcome> outcomes = new ArrayList<>();
        Map<CopyTarget, TaskRow> rowOf = new LinkedHashMap<>();
        for (TaskRow row : rows) {
            try {
                CopyTarget target = new CopyTarget(row.id(), execution.destination(row.destinationRegistryId()),
                        RepositoryName.parse(row.destinationRepository()), new TaskProgress());
                targets.add(target);
                rowOf.put(target, row);
            } catch (RuntimeException e) {
                outcomes.add(new TaskOutcome(row, TaskState.FAILED, TaskError.of(e), null));
            }
        }
        Map<CopyTarget, Throwable> failures;
        try {
            failures = copier.copy(new ArtifactCopier.SourceArtifact(execution.source(),
                    RepositoryName.parse(first.sourceRepository()), Reference.parse(first.reference()),
                    first.digest() == null ? null : Digest.parse(first.digest()), sourceTags),
                    targets, execution.bandwidth());
        } catch (TransferInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            failures = new LinkedHashMap<>();
            for (CopyTarget t : targets) {
                failures.put(t, e);
            }
        }
        for (CopyTarget target : targets) {
            Throwable failure = failures.get(target);
            TaskRow row = rowOf.get(target);
            TaskOutcome outcome = failure == null
                    ? new TaskOutcome(row, TaskState.COPIED, null, target.progress())
                    : new TaskOutcome(row, TaskState.FAILED, TaskError.of(failure), target.progress());
            outcomes.add(outcome);
            count(execution, target, outcome);
        }
        return outcomes;
    }

    private void count(ResolvedExecution execution, CopyTarget target, TaskOutcome outcome) {
        if (meters == null) {
            return;
        }
        Counter.builder("meridian.replication.artifacts").description("Artifacts handled per destination")
                .tag("policy", execution.spec().policy()).tag("registry", target.registry().name())
                .tag("outcome", outcome.state().name().toLowerCase(java.util.Locale.ROOT))
                .tag("reason", outcome.error() == null ? "none" : outcome.error().code())
                .register(meters).increment();
        Counter.builder("meridian.replication.bytes.written").baseUnit("bytes")
                .tag("policy", execution.spec().policy()).tag("registry", target.registry().name())
                .register(meters).increment(target.progress().bytesWritten());
        Counter.builder("meridian.replication.bytes.read").baseUnit("bytes")
                .tag("policy", execution.spec().policy()).tag("registry", execution.source().name())
                .register(meters).increment(target.progress().bytesRead());
    }
}
