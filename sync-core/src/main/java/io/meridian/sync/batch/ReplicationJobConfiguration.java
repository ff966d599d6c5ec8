package io.meridian.sync.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The replication job: {@code plan} → {@code transfer} (partitioned by source repository,
 * partitions in parallel) → {@code finalize}. One job instance per execution (the execution id
 * is the identifying parameter), restartable: a restart skips a completed plan and completed
 * partitions, and a partition only picks tasks that are not finished.
 *
 * <p>Needs beans of {@link ReplicationEngine}, {@link ExecutionTasks}, {@link Executions},
 * {@link ReplicationJobSettings}, a {@link DataSource}, a {@link JobRepository} and a
 * {@link PlatformTransactionManager} on the same data source.
 */
@Configuration(proxyBeanMethods = false)
public class ReplicationJobConfiguration {

    public static final String JOB_NAME = "replication";
    public static final String EXECUTION_ID = "executionId";

    @Bean
    public Job replicationJob(JobRepository jobRepository, Step replicationPlanStep, Step replicationTransferStep,
                              Step replicationFinalizeStep, ExecutionFinalizer executionFinalizer,
                              Executions executions, ReplicationEngine replicationEngine) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new ReplicationJobListener(executions, executionFinalizer, replicationEngine))
                .start(replicationPlanStep)
                .next(replicationTransferStep)
                .next(replicationFinalizeStep)
                .build();
    }

    @Bean
    public ExecutionFinalizer executionFinalizer(Executions executions, ExecutionTasks executionTasks) {
        return new ExecutionFinalizer(executions, executionTasks);
    }

    @Bean
    public Step replicationPlanStep(JobRepository jobRepository, ReplicationEngine replicationEngine,
                                    DataSource dataSource, Executions executions) {
        // Resourceless too: the planner's threads write tasks in their own batches (idempotent,
        // so a plan redone after a crash only adds what is missing); no connection waits idle.
        return new StepBuilder("plan", jobRepository)
                .tasklet(new PlanTasklet(replicationEngine, dataSource, executions), new ResourcelessTransactionManager())
                .build();
    }

    @Bean
    public Step replicationTransferStep(JobRepository jobRepository, Partitioner replicationPartitioner,
                                        Step replicationRepositoryStep, ReplicationJobSettings settings) {
        // Partitions run on their own threads, at most partitionConcurrency at once (not a bean,
        // so Boot's default application task executor is left alone).
        SimpleAsyncTaskExecutor partitionExecutor = new SimpleAsyncTaskExecutor("meridian-partition-");
        partitionExecutor.setConcurrencyLimit(settings.partitionConcurrency());
        return new StepBuilder("transfer", jobRepository)
                .partitioner("transferRepository", replicationPartitioner)
                .step(replicationRepositoryStep)
                .taskExecutor(partitionExecutor)
                .gridSize(settings.partitionConcurrency())
                .build();
    }

    @Bean
    public Step replicationRepositoryStep(JobRepository jobRepository, ReplicationEngine replicationEngine, ExecutionTasks executionTasks,
                                          Executions executions, ReplicationJobSettings settings) {
        // Resourceless: a wave's copies must not run inside a database transaction (they can
        // take minutes); ExecutionTasks picks and records each wave in its own short one.
        return new StepBuilder("transferRepository", jobRepository)
                .tasklet(new TransferTasklet(replicationEngine, executionTasks, executions,
                        settings.artifactsPerWave()), new ResourcelessTransactionManager())
                .build();
    }

    @Bean
    public Step replicationFinalizeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                        ExecutionFinalizer executionFinalizer, Executions executions) {
        return new StepBuilder("finalize", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    UUID id = executionId(chunkContext);
                    executionFinalizer.finish(id, executions.stopRequested(id), null);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    /** One partition per source repository that still has pending work. */
    @Bean
    @StepScope
    public Partitioner replicationPartitioner(@Value("#{jobParameters['executionId']}") String executionId,
                                              ExecutionTasks executionTasks) {
        UUID id = UUID.fromString(executionId);
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            int i = 0;
            for (String repository : executionTasks.repositoriesWithWork(id)) {
                ExecutionContext context = new ExecutionContext();
                context.putString(TransferTasklet.REPOSITORY, repository);
                partitions.put("repository" + (i++), context);
            }
            return partitions;
        };
    }

    static UUID executionId(ChunkContext chunkContext) {
        return UUID.fromString(chunkContext.getStepContext().getStepExecution().getJobExecution()
                .getJobParameters().getString(EXECUTION_ID));
    }
}
