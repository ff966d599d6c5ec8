package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.MirrorDeletes;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.TaskError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The delete step (mirror mode), after every copy: makes the deletions the planner decided
 * ({@link MirrorDeletes}), one destination repository at a time. The destination may have changed
 * since the plan (this run's copies, other writers), so each deletion is checked again against
 * what is there now: a tag already gone is DELETED; a tag that now points elsewhere, or whose
 * digest another tag now holds, is SKIPPED ({@link MirrorDeletes#DELETE_SKIPPED}); only then is the
 * manifest deleted by digest. A tasklet rather than a chunk step: deletions are few and each
 * repository's are decided together (tags sharing a digest go at once). Outcomes are recorded per
 * repository; a restart redoes only what is still PENDING.
 */
final class MirrorDeleteTasklet implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorDeleteTasklet.class);

    private final ResolvedExecutions resolved;
    private final TaskRepository tasks;
    private final ExecutionRepository executions;
    private final ExecutionFence fence;

    MirrorDeleteTasklet(ResolvedExecutions resolved, TaskRepository tasks, ExecutionRepository executions,
                        ExecutionFence fence) {
        this.fence = fence;
        this.resolved = resolved;
        this.tasks = tasks;
        this.executions = executions;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        UUID executionId = ReplicationJobConfiguration.executionId(chunkContext);
        List<TaskRow> pending = tasks.pendingDeletes(executionId);
        if (pending.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        ResolvedExecution execution = resolved.get(executionId);
        Map<String, List<TaskRow>> byRepository = new LinkedHashMap<>();
        for (TaskRow row : pending) {
            byRepository.computeIfAbsent(row.destinationRegistryId() + "/" + row.destinationRepository().value(),
                    k -> new ArrayList<>()).add(row);
        }
        for (List<TaskRow> rows : byRepository.values()) {
            // a node that lost the lease deletes nothing more at the destinations (checked before each repository)
            if (executions.stopRequested(executionId) || !fence.verify(executionId)) {
                chunkContext.getStepContext().getStepExecution().setTerminateOnly();
                return RepeatStatus.FINISHED;
            }
            List<TaskOutcome> outcomes = deleteIn(execution, rows);
            fence.write(executionId, () -> tasks.record(executionId, outcomes));
            contribution.incrementWriteCount(outcomes.size());
        }
        return RepeatStatus.FINISHED;
    }

    /** The deletions of one destination repository. */
    private static List<TaskOutcome> deleteIn(ResolvedExecution execution, List<TaskRow> rows) {
        TaskRow first = rows.get(0);
        RepositoryName repo = first.destinationRepository();
        List<TaskOutcome> outcomes = new ArrayList<>();
        GuardedRegistry registry;
        Map<String, Digest> there = new HashMap<>();
        try {
            registry = execution.destination(first.destinationRegistryId());
            for (String tag : registry.listTags(repo)) {
                registry.headManifest(repo, Reference.tag(tag)).map(Descriptor::digest).ifPresent(d -> there.put(tag, d));
            }
        } catch (RuntimeException e) {
            TaskError error = TaskError.of(e);
            rows.forEach(row -> outcomes.add(new TaskOutcome(row, TaskState.FAILED, error, null)));
            return outcomes;
        }
        Set<String> deleting = rows.stream().map(r -> r.reference().value()).collect(Collectors.toSet());
        for (TaskRow row : rows) {
            outcomes.add(delete(registry, repo, row, there, deleting));
        }
        return outcomes;
    }

    private static TaskOutcome delete(GuardedRegistry registry, RepositoryName repo, TaskRow row,
                                      Map<String, Digest> there, Set<String> deleting) {
        String tag = row.reference().value();
        Digest now = there.get(tag);
        if (now == null) {
            return new TaskOutcome(row, TaskState.DELETED, null, null);
        }
        if (!now.equals(row.digest())) {
            return skipped(row, registry.name() + "/" + repo.value() + ":" + tag + " now points to " + now
                    + ", not the planned " + row.digest() + "; kept");
        }
        Set<String> holders = new TreeSet<>();
        there.forEach((other, digest) -> {
            if (!deleting.contains(other) && digest.equals(now)) {
                holders.add(other);
            }
        });
        if (!holders.isEmpty()) {
            return skipped(row, MirrorDeletes.heldBy(registry.name(), repo, now, holders));
        }
        try {
            CrashPoints.reach("delete.before", repo.value() + ":" + tag);
            registry.deleteManifest(repo, now);
            CrashPoints.reach("delete.after", repo.value() + ":" + tag);
            LOG.info("deleted {}/{}:{} ({}): the source no longer has the tag", registry.name(), repo.value(), tag,
                    now.shortForm());
            return new TaskOutcome(row, TaskState.DELETED, null, null);
        } catch (RuntimeException e) {
            return new TaskOutcome(row, TaskState.FAILED, TaskError.of(e), null, e);
        }
    }

    private static TaskOutcome skipped(TaskRow row, String why) {
        return new TaskOutcome(row, TaskState.SKIPPED, new TaskError(MirrorDeletes.DELETE_SKIPPED, why), null);
    }
}
