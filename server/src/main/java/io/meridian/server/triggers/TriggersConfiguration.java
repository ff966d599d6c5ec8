package io.meridian.server.triggers;

import io.meridian.server.api.executions.ExecutionService;
import io.meridian.server.api.policies.PolicyRepository;
import java.time.Duration;
import org.quartz.Scheduler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Cron schedules (Quartz) and push-event triggers of policies. */
@Configuration(proxyBeanMethods = false)
public class TriggersConfiguration {

    /** How often pending pushed tags (and policies they wait for) are looked at. */
    static final Duration SWEEP = Duration.ofSeconds(1);

    @Bean
    CronSchedules cronSchedules(Scheduler scheduler, PlatformTransactionManager transactionManager) {
        return new CronSchedules(scheduler, transactionManager);
    }

    @Bean
    ScheduleReconciler scheduleReconciler(PolicyRepository policies, CronSchedules schedules) {
        return new ScheduleReconciler(policies, schedules);
    }

    @Bean(destroyMethod = "close")
    EventDebouncer eventDebouncer(ExecutionService executions, JdbcClient jdbc) {
        return new EventDebouncer(executions, new PendingPushes(jdbc, EventDebouncer.MAX_WAIT_FACTOR), SWEEP);
    }

    @Bean
    PushRouter pushRouter(PolicyRepository policies, EventDebouncer debouncer) {
        return new PushRouter(policies, debouncer);
    }
}
