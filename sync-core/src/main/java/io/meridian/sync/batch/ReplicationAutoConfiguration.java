package io.meridian.sync.batch;

import io.meridian.sync.route.MeasuredRouter;
import io.meridian.sync.transfer.EndpointChoice;
import java.util.Optional;
import io.meridian.sync.route.Router;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * sync-core's beans: the owners of {@code executions}, {@code tasks} and {@code blob_locations},
 * the finalizer, the resolved-plan registry, the launcher and the replication job itself.
 *
 * <p>The application supplies what only it knows: an {@link ExecutionResolver} (policy snapshot →
 * {@link ResolvedExecution} with opened registries), a {@link ReplicationEngine} (planner and copier
 * over its pools), and Spring Batch's infrastructure ({@link JobRepository}, {@link JobOperator},
 * a {@code PlatformTransactionManager} on the {@link DataSource}). It may override
 * {@link ReplicationJobSettings}, {@link ReplicationLauncher} and the {@link Router}.
 */
@AutoConfiguration
@Import({ReplicationJobConfiguration.class, ReplicationPreheatConfiguration.class,
        MirrorDeleteStepConfiguration.class})
public class ReplicationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ExecutionRepository executionRepository(DataSource dataSource) {
        return new ExecutionRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public TaskRepository taskRepository(DataSource dataSource) {
        return new TaskRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public BlobLocationRepository blobLocationRepository(DataSource dataSource) {
        return new BlobLocationRepository(dataSource);
    }

    /** The lease epochs of the executions this process runs; every state write of the engine is fenced by it. */
    @Bean
    public ExecutionFence executionFence(ExecutionRepository executionRepository,
                                         PlatformTransactionManager transactionManager) {
        return new ExecutionFence(executionRepository, new TransactionTemplate(transactionManager));
    }

    @Bean
    public ExecutionFinalizer executionFinalizer(ExecutionRepository executionRepository,
                                                 TaskRepository taskRepository, ExecutionFence executionFence) {
        return new ExecutionFinalizer(executionRepository, taskRepository, executionFence);
    }

    @Bean
    public ResolvedExecutions resolvedExecutions(ExecutionResolver executionResolver) {
        return new ResolvedExecutions(executionResolver);
    }

    /**
     * The endpoint choice of every attempt, for a node without a region; the application declares one with its
     * {@code meridian.node.region} (and hands the same to its {@code BlobTransfer}).
     */
    @Bean
    @ConditionalOnMissingBean
    public EndpointChoice endpointChoice() {
        return new EndpointChoice(Optional.empty());
    }

    /** Ranks endpoints where a registry has several; a registry with only its url is routed direct, as before. */
    @Bean
    @ConditionalOnMissingBean
    public Router router(EndpointChoice endpointChoice) {
        return new MeasuredRouter(endpointChoice);
    }

    @Bean
    @ConditionalOnMissingBean
    public ReplicationJobSettings replicationJobSettings() {
        return ReplicationJobSettings.DEFAULTS;
    }

    /** Launches each execution on a thread of its own; an application may declare one over a bounded pool. */
    @Bean
    @ConditionalOnMissingBean
    public ReplicationLauncher replicationLauncher(JobOperator jobOperator, JobRepository jobRepository,
                                                   Job replicationJob, ResolvedExecutions resolvedExecutions,
                                                   ExecutionFinalizer executionFinalizer,
                                                   ExecutionFence executionFence) {
        return new ReplicationLauncher(jobOperator, jobRepository, replicationJob, resolvedExecutions,
                executionFinalizer, executionFence, new SimpleAsyncTaskExecutor("meridian-execution-"));
    }
}
