package io.meridian.sync.batch;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replication job's {@code delete} step (issue 14, mirror mode), between {@code transfer} and
 * {@code finalize}: kept apart from the transfer step's configuration, which it only plugs into.
 */
@Configuration(proxyBeanMethods = false)
public class MirrorDeleteStepConfiguration {

    @Bean
    public Step replicationDeleteStep(JobRepository jobRepository, ResolvedExecutions resolvedExecutions,
                                      TaskRepository taskRepository, ExecutionRepository executionRepository,
                                      ExecutionFence executionFence) {
        // Resourceless: registry calls must not hold a connection; each repository's outcomes are one batch.
        return new StepBuilder("delete", jobRepository)
                .tasklet(new MirrorDeleteTasklet(resolvedExecutions, taskRepository, executionRepository,
                        executionFence),
                        new ResourcelessTransactionManager())
                .build();
    }
}
