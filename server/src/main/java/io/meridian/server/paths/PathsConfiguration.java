package io.meridian.server.paths;

import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.transfer.EndpointChoice;
import io.meridian.sync.transfer.EndpointProbe;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Registry endpoints and path choice (docs/PATHS.md): this node's region, its in-memory estimates (persisted every
 * minute), the endpoint choice the engine uses per attempt and route, and the clustered probe schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NodeProperties.class, PathsProperties.class})
public class PathsConfiguration {

    static final JobKey PROBE = JobKey.jobKey("endpoint-probe", "paths");

    @Bean
    PathEstimates pathEstimates() {
        return new PathEstimates();
    }

    /** Also the engine's router's (the auto-configured {@code MeasuredRouter} takes this bean). */
    @Bean
    EndpointChoice endpointChoice(NodeProperties node) {
        return new EndpointChoice(node.regionName());
    }

    @Bean
    EndpointProbe endpointProbe(EndpointChoice choice) {
        return new EndpointProbe(choice, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    EstimateStore estimateStore(DataSource dataSource, PathEstimates estimates, NodeProperties node,
                                PathsProperties paths) {
        EstimateStore store = new EstimateStore(new JdbcTemplate(dataSource), estimates, node.regionName());
        store.start(paths.persistInterval().toMillis());
        return store;
    }

    /** Schedules (or reschedules, when the interval changed) the one clustered probe job at start. */
    @Bean
    ApplicationRunner endpointProbeSchedule(Scheduler scheduler, PathsProperties paths) {
        return args -> schedule(scheduler, paths.probeInterval().toMillis());
    }

    static void schedule(Scheduler scheduler, long intervalMillis) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(EndpointProbeJob.class).withIdentity(PROBE).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(PROBE.getName(), PROBE.getGroup()).forJob(job)
                .startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(intervalMillis).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
    }
}
