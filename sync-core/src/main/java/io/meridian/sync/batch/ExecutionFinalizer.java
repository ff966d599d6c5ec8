package io.meridian.sync.batch;

import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.BlobMethod;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes an execution's final status and summary, from what the tasks
 * recorded: STOPPED when a stop was asked; FAILED when the job failed (or could not start) or
 * every artifact failed; PARTIAL when some failed; SUCCEEDED otherwise (conflicts are reported,
 * not failures). A completed job that left tasks unfinished (a defect: a resume once skipped a partition) has them
 * failed as {@code NOT_RUN}, so SUCCEEDED always means every task reached its end.
 */
public final class ExecutionFinalizer {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionFinalizer.class);

    private final ExecutionRepository executions;
    private final TaskRepository tasks;
    private final ExecutionFence fence;

    /** Unfenced: for executions no job of this process runs (and tests). */
    public ExecutionFinalizer(ExecutionRepository executions, TaskRepository tasks) {
        this(executions, tasks, null);
    }

    /** Fenced for the executions whose jobs this process runs: a node that lost the lease finalizes nothing. */
    public ExecutionFinalizer(ExecutionRepository executions, TaskRepository tasks, ExecutionFence fence) {
        this.executions = executions;
        this.tasks = tasks;
        this.fence = fence;
    }

    /**
     * Writes the final status in one transaction. For an execution whose job runs in this process, only while it
     * holds the execution's lease epoch ({@link ExecutionFence}).
     *
     * @param stopped   the job stopped on request
     * @param jobError  why the job itself failed (or could not start), or null when it completed
     * @return the status written; null when fenced (another node holds the execution: nothing written)
     */
    public ExecutionStatus finish(UUID executionId, boolean stopped, String jobError) {
        if (fence == null || !fence.holds(executionId)) {
            return finishNow(executionId, stopped, jobError);
        }
        ExecutionStatus[] written = new ExecutionStatus[1];
        fence.write(executionId, () -> written[0] = finishNow(executionId, stopped, jobError));
        return written[0];
    }

    private ExecutionStatus finishNow(UUID executionId, boolean stopped, String jobError) {
        if (stopped || jobError != null) {
            tasks.stopUnfinished(executionId);
        } else {
            int notRun = tasks.failUnfinished(executionId);
            if (notRun > 0) {
                // SUCCEEDED must mean every byte arrived: a completed job with tasks never run is a defect to show
                LOG.warn("execution {}: the job completed but left {} task(s) unfinished; failed as NOT_RUN",
                        executionId, notRun);
            }
        }
        Map<TaskState, Long> states = tasks.countByState(executionId);
        Map<BlobMethod, Long> blobs = tasks.countBlobs(executionId);
        long[] bytes = executions.bytes(executionId);
        long total = states.values().stream().mapToLong(Long::longValue).sum();
        long copied = states.getOrDefault(TaskState.COPIED, 0L);
        long skipped = states.getOrDefault(TaskState.SKIPPED, 0L);
        long failed = states.getOrDefault(TaskState.FAILED, 0L);
        ExecutionStatus status;
        if (stopped) {
            status = ExecutionStatus.STOPPED;
        } else if (jobError != null) {
            status = ExecutionStatus.FAILED;
        } else if (failed > 0 && failed == total) {
            status = ExecutionStatus.FAILED;
        } else if (failed > 0) {
            status = ExecutionStatus.PARTIAL;
        } else {
            status = ExecutionStatus.SUCCEEDED;
        }
        executions.finish(executionId, status, new ExecutionRepository.Summary((int) total, (int) copied,
                (int) skipped, (int) failed, blobs.getOrDefault(BlobMethod.COPIED, 0L),
                blobs.getOrDefault(BlobMethod.MOUNTED, 0L), blobs.getOrDefault(BlobMethod.SKIPPED, 0L), bytes[0],
                bytes[1]), jobError);
        LOG.info("execution {} finished {}: {} tasks, {} copied, {} skipped, {} failed, {} bytes written",
                executionId, status, total, copied, skipped, failed, bytes[1]);
        return status;
    }

    /** An execution whose job could not be started or resumed: STOPPED if a stop was asked, else FAILED. */
    public ExecutionStatus notStarted(UUID executionId, String why) {
        return finish(executionId, executions.stopRequested(executionId), why);
    }
}
