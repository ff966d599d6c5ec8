package io.meridian.sync.batch;

import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.plan.Planner;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.plan.PlanAction;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.ConflictBackup;
import io.meridian.sync.transfer.CopyTarget;
import io.meridian.sync.transfer.LeaseCheck;
import io.meridian.sync.transfer.TaskError;
import io.meridian.sync.transfer.TaskProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The framework-free heart of the job: the planner, and the copy of one artifact to all its
 * pending destinations. The artifact pool is where the transfer step processes the artifacts of
 * a chunk concurrently.
 */
public final class ReplicationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationEngine.class);

    private final Planner planner;
    private final ArtifactCopier copier;
    private final ExecutorService artifactPool;
    private final MeterRegistry meters;
    private final ConflictBackup backups = new ConflictBackup(java.time.Clock.systemUTC());

    public ReplicationEngine(Planner planner, ArtifactCopier copier, ExecutorService artifactPool,
                             MeterRegistry meters) {
        this.planner = planner;
        this.copier = copier;
        this.artifactPool = artifactPool;
        this.meters = meters;
    }

    public Planner planner() {
        return planner;
    }

    public ExecutorService artifactPool() {
        return artifactPool;
    }

    /**
     * Copies one artifact to each of its pending destinations.
     *
     * @param sourceTags the source repository's tags, listed once per partition (signature look-ups)
     */
    public ArtifactOutcome copy(ResolvedExecution execution, PendingArtifact artifact, Set<String> sourceTags) {
        return copy(execution, artifact, sourceTags, LeaseCheck.NONE);
    }

    /**
     * Like {@link #copy(ResolvedExecution, PendingArtifact, Set)}, asking {@code lease} before every tag PUT
     * (the backup tag of an overwrite included).
     */
    public ArtifactOutcome copy(ResolvedExecution execution, PendingArtifact artifact, Set<String> sourceTags,
                                LeaseCheck lease) {
        List<TaskOutcome> outcomes = new ArrayList<>();
        Map<CopyTarget, TaskRow> rowOf = new LinkedHashMap<>();
        for (TaskRow row : artifact.tasks()) {
            try {
                rowOf.put(new CopyTarget(row.id(), execution.destination(row.destinationRegistryId()),
                        row.destinationRepository(), new TaskProgress(), execution.paths(row.destinationRegistryId())),
                        row);
            } catch (RuntimeException e) {
                outcomes.add(new TaskOutcome(row, TaskState.FAILED, TaskError.of(e), null));
            }
        }
        Map<CopyTarget, Throwable> backupFailures = backUp(artifact, rowOf, lease);
        List<CopyTarget> targets = rowOf.keySet().stream().filter(t -> !backupFailures.containsKey(t)).toList();
        Map<CopyTarget, Throwable> failures = copyTo(execution, artifact, sourceTags, targets, lease);
        List<CopyTarget> again = databaseWentAway(failures.values()) ? List.of()
                : retryableAtSomeDestinations(failures, targets.size());
        if (!again.isEmpty()) {
            LOG.info("{}:{} failed retryably at {} of {} destinations; copying it there once more",
                    artifact.repository().value(), artifact.reference(), again.size(), targets.size());
            again.forEach(failures::remove);
            failures.putAll(copyTo(execution, artifact, sourceTags, again, lease));
        }
        failures.putAll(backupFailures);
        for (CopyTarget target : rowOf.keySet()) {
            Throwable failure = failures.get(target);
            TaskRow row = rowOf.get(target);
            TaskOutcome outcome = failure == null
                    ? new TaskOutcome(row, TaskState.COPIED, null, target.progress())
                    : new TaskOutcome(row, TaskState.FAILED, TaskError.of(failure), target.progress(), failure);
            outcomes.add(outcome);
            count(execution, target, outcome);
        }
        return new ArtifactOutcome(artifact, outcomes);
    }

    /** True when one of {@code failures} is the database going away, which no round of copying again can help. */
    private static boolean databaseWentAway(Collection<Throwable> failures) {
        return failures.stream().anyMatch(DatabaseOutage::isCause);
    }

    private Map<CopyTarget, Throwable> copyTo(ResolvedExecution execution, PendingArtifact artifact,
                                              Set<String> sourceTags, List<CopyTarget> targets,
                                              LeaseCheck lease) {
        if (targets.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(copier.copy(new ArtifactCopier.SourceArtifact(execution.source(),
                    artifact.repository(), artifact.reference(), artifact.digest(), sourceTags,
                    execution.spec().scope()), targets, execution.bandwidth(), lease));
        } catch (TransferInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            Map<CopyTarget, Throwable> failures = new LinkedHashMap<>();
            targets.forEach(t -> failures.put(t, e));
            return failures;
        }
    }

    /**
     * The destinations worth one more round of this artifact: those that failed retryably (their guard's retries
     * used up), unless every destination failed for one and the same cause — that is the transfer step's own
     * declared retry ({@link TransferFaults}), which must not be stacked on this one. Found by the random fault run:
     * with three destinations, one destination's HEAD answering 503 four times in a row failed its task while the
     * others copied.
     */
    private static List<CopyTarget> retryableAtSomeDestinations(Map<CopyTarget, Throwable> failures, int targets) {
        List<CopyTarget> retryable = failures.entrySet().stream()
                .filter(e -> TransferFaults.unwrap(e.getValue()) instanceof RetryableRegistryException)
                .map(Map.Entry::getKey).toList();
        boolean allAlike = retryable.size() == targets
                && failures.values().stream().distinct().count() == 1;
        return allAlike ? List.of() : retryable;
    }

    /**
     * onConflict backup: each destination planned {@code backup} first tags its old digest; one whose backup failed
     * is not overwritten (its task fails with the reason).
     */
    private Map<CopyTarget, Throwable> backUp(PendingArtifact artifact, Map<CopyTarget, TaskRow> rowOf,
                                              LeaseCheck lease) {
        Map<CopyTarget, Throwable> failed = new LinkedHashMap<>();
        rowOf.forEach((target, row) -> {
            if (PlanAction.BACKUP.name().equals(row.action())) {
                try {
                    lease.beforeTag("backup of " + artifact.reference() + " at " + target);
                    backups.backup(target, artifact.reference(), artifact.digest());
                } catch (TransferInterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed.put(target, e);
                }
            }
        });
        return failed;
    }

    private void count(ResolvedExecution execution, CopyTarget target, TaskOutcome outcome) {
        if (meters == null) {
            return;
        }
        Counter.builder("meridian.replication.artifacts").description("Artifacts handled per destination")
                .tag("policy", execution.spec().policy()).tag("registry", target.registry().name())
                .tag("outcome", outcome.state().name().toLowerCase(Locale.ROOT))
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
