package io.meridian.sync.batch;

import io.meridian.sync.p2p.P2pEngines;
import io.meridian.sync.p2p.PreheatPlan;
import io.meridian.sync.p2p.PreheatSettings;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

/**
 * Step 4, {@code preheat}, between {@code transfer} and {@code finalize}: each copied task whose destination's
 * region has an engine the policy names is preheated, followed and verified, and the result recorded on the task.
 * Chunks of {@link #CHUNK} tasks, their preheats side by side on the preheat pool (a preheat mostly waits for the
 * engine); resourceless step transaction, like the transfer step: following a job takes minutes.
 */
@Configuration(proxyBeanMethods = false)
public class ReplicationPreheatConfiguration {

    static final int CHUNK = 8;

    @Bean
    @ConditionalOnMissingBean
    public PreheatRepository preheatRepository(DataSource dataSource) {
        return new PreheatRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public P2pEngines p2pEngines() {
        return new P2pEngines(PreheatSettings.defaults());
    }

    /** Threads that wait on engines; a bounded pool so a large execution does not open a thread per artifact. */
    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService preheatPool() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return Executors.newFixedThreadPool(CHUNK, r -> {
            Thread t = new Thread(r, "meridian-preheat-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    public Step replicationPreheatStep(JobRepository jobRepository, JdbcPagingItemReader<PreheatTask> preheatReader,
                                       PreheatProcessor preheatProcessor, PreheatWriter preheatWriter,
                                       StopSignals stopSignals, ExecutorService preheatPool) {
        return new StepBuilder("preheat", jobRepository)
                .<PreheatTask, PreheatOutcome>chunk(CHUNK)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(preheatReader)
                .processor(preheatProcessor)
                .writer(preheatWriter)
                .taskExecutor(new TaskExecutorAdapter(preheatPool))
                .interruptionPolicy(new StopRequestedPolicy(stopSignals))
                .build();
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<PreheatTask> preheatReader(@Value("#{jobParameters['executionId']}") String executionId,
                                                     PreheatRepository preheatRepository,
                                                     ObjectProvider<PreheatResolver> resolvers,
                                                     ResolvedExecutions resolvedExecutions) {
        UUID id = UUID.fromString(executionId);
        PreheatPlan plan = resolvers.getIfAvailable(() -> PreheatResolver.NONE).resolve(id);
        return preheatRepository.copiedTasks(id, plan.enginesByRegistry().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty()).map(java.util.Map.Entry::getKey).toList(), CHUNK);
    }

    @Bean
    @StepScope
    PreheatWriter preheatWriter(@Value("#{jobParameters['executionId']}") String executionId,
                                PreheatRepository preheatRepository, ExecutionFence executionFence) {
        return new PreheatWriter(UUID.fromString(executionId), preheatRepository, executionFence);
    }

    @Bean
    @StepScope
    PreheatProcessor preheatProcessor(@Value("#{jobParameters['executionId']}") String executionId,
                                      ObjectProvider<PreheatResolver> resolvers, ResolvedExecutions resolvedExecutions,
                                      P2pEngines p2pEngines) {
        UUID id = UUID.fromString(executionId);
        return new PreheatProcessor(resolvedExecutions.get(id),
                resolvers.getIfAvailable(() -> PreheatResolver.NONE).resolve(id), p2pEngines);
    }
}
