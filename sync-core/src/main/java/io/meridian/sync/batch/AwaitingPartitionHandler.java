package io.meridian.sync.batch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs the partitions on a task executor like Spring Batch's {@link TaskExecutorPartitionHandler}, but waits for
 * <em>every</em> partition to end before it reports the first failure. Spring's handler rethrows as soon as one
 * partition's {@code execute} throws (its metadata could not be saved: the database went away, or another node
 * took the execution over), and the job then ends while the other partitions still copy and write — stragglers
 * that outlive their job and its lease ({@code ExecutionFence}) and race a resumed job. Here a job ends only when
 * nothing of it runs any more.
 */
final class AwaitingPartitionHandler extends TaskExecutorPartitionHandler {

    private final TaskExecutor executor;

    AwaitingPartitionHandler(TaskExecutor executor) {
        this.executor = executor;
        setTaskExecutor(executor);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
            throws Exception {
        List<FutureTask<StepExecution>> started = new ArrayList<>();
        Set<StepExecution> ended = new LinkedHashSet<>();
        for (StepExecution partition : partitions) {
            FutureTask<StepExecution> task = createTask(getStep(), partition);
            try {
                executor.execute(task);
                started.add(task);
            } catch (TaskRejectedException e) {
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
                partition.addFailureException(e);
                ended.add(partition);
            }
        }
        Exception first = null;
        for (int i = 0; i < started.size(); i++) {
            try {
                ended.add(started.get(i).get());
            } catch (ExecutionException e) {
                // a lost database is what the job listener must see (the execution stays active): it goes first
                if (first == null || DatabaseOutage.isCause(e) && !DatabaseOutage.isCause(first)) {
                    first = e;
                }
            } catch (InterruptedException e) {
                // the job's thread is interrupted (a shutdown past its grace period): the partitions are
                // interrupted too, and this thread no longer waits for them
                Thread.currentThread().interrupt();
                started.subList(i, started.size()).forEach(task -> task.cancel(true));
                throw e;
            }
        }
        if (first != null) {
            throw first;
        }
        return ended;
    }
}
