package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The transfer step's partitions: when one partition's {@code execute} throws (its metadata could not be saved),
 * the step still ends only after every other partition has ended — no straggler outlives the job.
 */
class AwaitingPartitionHandlerTest {

    private final JobExecution job = new JobExecution(1L, new JobInstance(1L, "replication"), new JobParameters());

    @Test
    void aFailingPartitionIsReportedOnlyAfterTheOthersEnded() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicBoolean slowEnded = new AtomicBoolean();
        Step step = step(partition -> {
            if (partition.getStepName().endsWith("fast")) {
                failed.countDown();
                throw new OptimisticLockingFailureException("step execution updated by another node");
            }
            try {
                // still copying when the other partition fails, and for a while after
                assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            partition.setStatus(BatchStatus.COMPLETED);
            slowEnded.set(true);
        });
        AwaitingPartitionHandler handler = new AwaitingPartitionHandler(new SimpleAsyncTaskExecutor("test-part-"));
        handler.setStep(step);
        Set<StepExecution> partitions = new LinkedHashSet<>(List.of(new StepExecution(2L, "p:fast", job),
                new StepExecution(3L, "p:slow", job)));

        assertThatThrownBy(() -> handler.doHandle(new StepExecution(4L, "transfer", job), partitions))
                .hasRootCauseInstanceOf(OptimisticLockingFailureException.class);
        assertThat(slowEnded).as("the other partition had ended when the failure was reported").isTrue();
    }

    @Test
    void partitionsThatEndReturnTheirExecutions() throws Exception {
        Step step = step(partition -> partition.setStatus(BatchStatus.COMPLETED));
        AwaitingPartitionHandler handler = new AwaitingPartitionHandler(new SimpleAsyncTaskExecutor("test-part-"));
        handler.setStep(step);
        Set<StepExecution> partitions = new LinkedHashSet<>(List.of(new StepExecution(5L, "p:a", job),
                new StepExecution(6L, "p:b", job)));

        assertThat(handler.doHandle(new StepExecution(7L, "transfer", job), partitions))
                .extracting(StepExecution::getStatus).containsExactly(BatchStatus.COMPLETED, BatchStatus.COMPLETED);
    }

    /** The partition step, doing {@code work} with each partition's execution. */
    private static Step step(Consumer<StepExecution> work) {
        return new Step() {
            @Override
            public String getName() {
                return "transferRepository";
            }

            @Override
            public void execute(StepExecution partition) {
                work.accept(partition);
            }
        };
    }
}
