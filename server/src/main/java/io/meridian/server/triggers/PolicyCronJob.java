package io.meridian.server.triggers;

import io.meridian.server.api.executions.ExecutionService;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The Quartz job of one cron policy (JobKey name = policy name): it only asks
 * {@link ExecutionService} for an execution; the replication itself runs in Spring Batch.
 * A fire while the policy still runs is harmless: the service answers with the running execution.
 */
@DisallowConcurrentExecution
public class PolicyCronJob extends QuartzJobBean {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCronJob.class);

    private final ExecutionService executions;

    public PolicyCronJob(ExecutionService executions) {
        this.executions = executions;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        String policy = context.getJobDetail().getKey().getName();
        try {
            ExecutionService.Triggered triggered = executions.trigger(policy, "schedule");
            if (!triggered.created()) {
                LOG.info("policy {} is still running ({}), scheduled run skipped", policy, triggered.id());
            }
        } catch (RuntimeException e) {
            // Not rethrown: Quartz would only log it again; the next fire time stands either way.
            LOG.warn("scheduled run of policy {} could not start: {}", policy, e.getMessage());
        }
    }
}
