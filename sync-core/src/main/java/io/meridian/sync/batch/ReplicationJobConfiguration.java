package io.meridian.sync.batch;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.route.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The replication job: {@code plan} → {@code route} → {@code transfer} (partitioned by source repository,
 * partitions in parallel; each partition a chunk-oriented step: pending artifacts → copy →
 * one JDBC batch per chunk) → {@code preheat} (P2P engines of the destination regions, see
 * {@link ReplicationPreheatConfiguration}) → {@code finalize}. One job instance per execution (the execution id
 * is the identifying parameter), restartable: a restart skips a completed plan and completed
 * partitions, and a partition only reads tasks that are still pending.
 */
@Configuration(proxyBeanMethods = false)
public class ReplicationJobConfiguration {

    public static final String JOB_NAME = "replication";
    public static final String EXECUTION_ID = "executionId";
    static final String REPOSITORY = "repository";
    private static final int ROUTE_CHUNK = 500;

    @Bean
    public Job replicationJob(JobRepository jobRepository, Step replicationPlanStep, Step replicationRouteStep,
                              Step replicationTransferStep, Step replicationDeleteStep, Step replicationPreheatStep,
                              Step replicationFinalizeStep,
                              ExecutionFinalizer executionFinalizer,
                              ExecutionRepository executionRepository, ResolvedExecutions resolvedExecutions,
                              StopSignals stopSignals, ExecutionFence executionFence) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new ReplicationJobListener(executionRepository, executionFinalizer, resolvedExecutions,
                        stopSignals, executionFence))
                .start(replicationPlanStep)
                .next(replicationRouteStep)
                .next(replicationTransferStep)
                .next(replicationDeleteStep) // issue 14, mirror deletes: after every copy
                .next(replicationPreheatStep)
                .next(replicationFinalizeStep)
                .build();
    }

    @Bean
    public Step replicationPlanStep(JobRepository jobRepository, ReplicationEngine replicationEngine,
                                    ResolvedExecutions resolvedExecutions, TaskRepository taskRepository,
                                    StopSignals stopSignals, ExecutionFence executionFence) {
        // Resourceless: the planner's threads write tasks in their own batches (idempotent,
        // so a plan redone after a crash only adds what is missing); no connection waits idle.
        return new StepBuilder("plan", jobRepository)
                .tasklet(new PlanTasklet(replicationEngine, resolvedExecutions, taskRepository, stopSignals,
                        executionFence),
                        new ResourcelessTransactionManager())
                .build();
    }

    /**
     * Step 2: one route decision per pending (artifact, destination), recorded on the task
     * ({@code tasks.path}) in JDBC batches; short transactions, no registry call.
     */
    @Bean
    public Step replicationRouteStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                     JdbcPagingItemReader<TaskRow> unroutedTaskReader, RouteProcessor routeProcessor,
                                     RouteWriter routeWriter, StopSignals stopSignals) {
        return new StepBuilder("route", jobRepository)
                .<TaskRow, RoutedTask>chunk(ROUTE_CHUNK)
                .transactionManager(transactionManager)
                .reader(unroutedTaskReader)
                .processor(routeProcessor)
                .writer(routeWriter)
                .interruptionPolicy(new StopRequestedPolicy(stopSignals))
                .build();
    }

    @Bean
    @StepScope
    RouteWriter routeWriter(@Value("#{jobParameters['executionId']}") String executionId,
                            TaskRepository taskRepository, ExecutionFence executionFence) {
        return new RouteWriter(UUID.fromString(executionId), taskRepository.pathWriter(), executionFence);
    }

    @Bean
    @StepScope
    public JdbcPagingItemReader<TaskRow> unroutedTaskReader(@Value("#{jobParameters['executionId']}") String executionId,
                                                            TaskRepository taskRepository) {
        return taskRepository.unroutedTasks(UUID.fromString(executionId), ROUTE_CHUNK);
    }

    @Bean
    @StepScope
    RouteProcessor routeProcessor(@Value("#{jobParameters['executionId']}") String executionId, Router router,
                                  ResolvedExecutions resolvedExecutions) {
        return new RouteProcessor(router, resolvedExecutions.get(UUID.fromString(executionId)));
    }

    @Bean
    public Step replicationTransferStep(JobRepository jobRepository, Partitioner replicationPartitioner,
                                        Step replicationRepositoryStep, ReplicationJobSettings settings) {
        // Partitions run on their own threads, at most partitionConcurrency at once (not a bean,
        // so Boot's default application task executor is left alone).
        SimpleAsyncTaskExecutor partitionExecutor = new SimpleAsyncTaskExecutor("meridian-partition-");
        partitionExecutor.setConcurrencyLimit(settings.partitionConcurrency());
        AwaitingPartitionHandler partitions = new AwaitingPartitionHandler(partitionExecutor);
        partitions.setStep(replicationRepositoryStep);
        partitions.setGridSize(settings.partitionConcurrency());
        return new StepBuilder("transfer", jobRepository)
                .partitioner("transferRepository", replicationPartitioner)
                .step(replicationRepositoryStep)
                .partitionHandler(partitions)
                .build();
    }

    /**
     * One partition: chunks of {@code artifactsPerWave} artifacts, processed concurrently on the
     * artifact pool, written in one short transaction each. The step's own transaction is
     * resourceless: copies take minutes and must not hold a database connection.
     */
    @Bean
    public Step replicationRepositoryStep(JobRepository jobRepository, ReplicationJobSettings settings,
                                          ReplicationEngine replicationEngine,
                                          JdbcPagingItemReader<PendingArtifact> pendingArtifactReader,
                                          TransferProcessor transferProcessor, TransferWriter transferWriter,
                                          StopSignals stopSignals, ResolvedExecutions resolvedExecutions) {
        return new StepBuilder("transferRepository", jobRepository)
                .<PendingArtifact, ArtifactOutcome>chunk(settings.artifactsPerWave())
                .transactionManager(new ResourcelessTransactionManager())
                .reader(pendingArtifactReader)
                .processor(transferProcessor)
                .writer(transferWriter)
                // issue 14: the artifact pool with each policy's limits.parallelArtifacts across its partitions
                .taskExecutor(new TaskExecutorAdapter(new PolicyArtifactExecutor(replicationEngine.artifactPool(),
                        resolvedExecutions)))
                .interruptionPolicy(new StopRequestedPolicy(stopSignals))
                .faultTolerant()
                .retryPolicy(TransferFaults.retryPolicy())
                .skipPolicy(new LimitCheckingExceptionHierarchySkipPolicy(
                        java.util.Set.copyOf(TransferFaults.SKIPPABLE), Long.MAX_VALUE))
                .skipListener(transferWriter)
                .build();
    }

    @Bean
    @StepScope
    public JdbcPagingItemReader<PendingArtifact> pendingArtifactReader(
            @Value("#{jobParameters['executionId']}") String executionId,
            @Value("#{stepExecutionContext['repository']}") String repository,
            TaskRepository taskRepository, ReplicationJobSettings settings) {
        return taskRepository.pendingArtifacts(UUID.fromString(executionId), RepositoryName.parse(repository),
                settings.artifactsPerWave());
    }

    @Bean
    @StepScope
    TransferProcessor transferProcessor(@Value("#{jobParameters['executionId']}") String executionId,
                                        @Value("#{stepExecutionContext['repository']}") String repository,
                                        ReplicationEngine replicationEngine, ResolvedExecutions resolvedExecutions,
                                        StopSignals stopSignals, ExecutionFence executionFence) {
        UUID id = UUID.fromString(executionId);
        return new TransferProcessor(replicationEngine, resolvedExecutions.get(id), RepositoryName.parse(repository),
                stopSignals.of(id), executionFence.tagGate(id));
    }

    @Bean
    @StepScope
    TransferWriter transferWriter(@Value("#{jobParameters['executionId']}") String executionId,
                                  ResolvedExecutions resolvedExecutions, TaskRepository taskRepository,
                                  ExecutionRepository executionRepository, BlobLocationRepository blobLocations,
                                  ExecutionFence executionFence) {
        UUID id = UUID.fromString(executionId);
        return new TransferWriter(id, resolvedExecutions.get(id).source().id(), taskRepository, executionRepository,
                blobLocations, executionFence);
    }

    @Bean
    StopSignals stopSignals(ExecutionRepository executionRepository, ExecutionFence executionFence) {
        return new StopSignals(executionRepository, executionFence);
    }

    @Bean
    public Step replicationFinalizeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                        ExecutionFinalizer executionFinalizer, ExecutionRepository executionRepository) {
        return new StepBuilder("finalize", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    UUID id = executionId(chunkContext);
                    executionFinalizer.finish(id, executionRepository.stopRequested(id), null);
                    // the final status is written but the step's transaction not committed
                    CrashPoints.reach("finalize.status-written", id);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    /**
     * One partition per source repository that still has pending work, named after its repository: a restart
     * partitions again (only what is still pending) and Spring Batch skips a partition whose name COMPLETED before,
     * so the name must not shift with the set. (Named by position, a restart that found repositories 0 and 3 still
     * pending ran "repository0" and skipped "repository1", which had completed: repository 3's tasks were left
     * PENDING under a SUCCEEDED execution — found by PostgresRestartIT.)
     */
    @Bean
    @StepScope
    public Partitioner replicationPartitioner(@Value("#{jobParameters['executionId']}") String executionId,
                                              TaskRepository taskRepository) {
        UUID id = UUID.fromString(executionId);
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (RepositoryName repository : taskRepository.repositoriesWithWork(id)) {
                ExecutionContext context = new ExecutionContext();
                context.putString(REPOSITORY, repository.value());
                partitions.put(partitionName(repository), context);
            }
            return partitions;
        };
    }

    /** A partition's stable name: the repository (shortened with a hash when long; step names hold 100 chars). */
    static String partitionName(RepositoryName repository) {
        String name = repository.value();
        if (name.length() <= 60) {
            return name;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return name.substring(0, 40) + "~" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID executionId(ChunkContext chunkContext) {
        return executionId(chunkContext.getStepContext().getStepExecution());
    }

    static UUID executionId(StepExecution step) {
        return UUID.fromString(step.getJobExecution().getJobParameters().getString(EXECUTION_ID));
    }
}
