package io.meridian.server.triggers;

import io.meridian.policies.Policy;
import io.meridian.policies.Trigger;
import java.text.ParseException;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One Quartz job and cron trigger per cron policy, in group {@value #GROUP}, keyed by the policy
 * name; evaluated in UTC.
 *
 * <p><b>Misfires</b> (fire times missed while every node was down or all Quartz threads were
 * busy, beyond {@code org.quartz.jobStore.misfireThreshold}): fire <em>once</em> at once, then
 * follow the schedule ({@code MISFIRE_INSTRUCTION_FIRE_ONCE_NOW}). A sync is idempotent and
 * catches up with everything missed in one run, so replaying every missed fire would only queue
 * redundant runs, and skipping them all could leave a destination stale for a whole period.
 *
 * <p>Quartz's JDBC store (Spring's {@code LocalDataSourceJobStore}) joins the caller's Spring
 * transaction, so every change runs in a new transaction of its own: callers may be in an
 * after-commit callback, where joining the finished transaction would silently lose the write.
 */
public class CronSchedules {

    /** The Quartz group of policy jobs and triggers. */
    public static final String GROUP = "policies";
    /** The time zone every policy cron expression is evaluated in. */
    public static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    static final String MISFIRE_POLICY = "fire-once-now";

    private static final Logger LOG = LoggerFactory.getLogger(CronSchedules.class);

    private final Scheduler scheduler;
    private final TransactionTemplate tx;

    public CronSchedules(Scheduler scheduler, PlatformTransactionManager transactions) {
        this.scheduler = scheduler;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Makes Quartz match {@code policy}: schedules or reschedules a cron policy, unschedules
     * anything else (including a deleted policy, {@code null}). Idempotent; an unchanged cron
     * schedule is left alone so its next fire time is not reset.
     */
    public void apply(String name, Policy policy) {
        boolean scheduled = inTransaction(name, () -> {
            if (policy != null && policy.trigger() instanceof Trigger.Cron cron) {
                if (firesAgain(cron.cron())) {
                    return schedule(name, cron.cron());
                }
                // valid syntax but every fire time is past (e.g. a year field): Quartz refuses such a trigger
                LOG.warn("policy {} not scheduled: cron '{}' has no fire time after now (UTC)", name, cron.cron());
            }
            if (scheduler.deleteJob(jobKey(name))) {
                LOG.info("policy {} unscheduled", name);
            }
            return false;
        });
        if (scheduled) {
            // Quartz wakes its scheduler thread inside scheduleJob, before our transaction commits: the
            // thread finds nothing new and idles (idleWaitTime, 30 s). Resuming the (unpaused) trigger
            // after the commit is a no-op that wakes it again, now able to see the trigger.
            inTransaction(name, () -> {
                scheduler.resumeTrigger(triggerKey(name));
                return false;
            });
        }
    }

    private interface SchedulerWork {
        boolean run() throws SchedulerException;
    }

    private boolean inTransaction(String name, SchedulerWork work) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            try {
                return work.run();
            } catch (SchedulerException e) {
                throw new IllegalStateException("could not update the schedule of policy " + name + ": " + e.getMessage(), e);
            }
        }));
    }

    /** The names of the policies Quartz currently holds a job for. */
    public Set<String> scheduledPolicies() {
        try {
            Set<String> names = new java.util.TreeSet<>();
            scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)).forEach(k -> names.add(k.getName()));
            return names;
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not list scheduled policies: " + e.getMessage(), e);
        }
    }

    /** The schedule of {@code name}, empty when it is not scheduled. */
    public Optional<ScheduleView> describe(String name) {
        try {
            if (!(scheduler.getTrigger(triggerKey(name)) instanceof CronTrigger trigger)) {
                return Optional.empty();
            }
            return Optional.of(new ScheduleView(trigger.getCronExpression(), trigger.getTimeZone().getID(),
                    instant(trigger.getNextFireTime()), instant(trigger.getPreviousFireTime()), MISFIRE_POLICY));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the schedule of policy " + name + ": " + e.getMessage(), e);
        }
    }

    /** @return true when Quartz was changed, false when the schedule was already right */
    private boolean schedule(String name, String cron) throws SchedulerException {
        if (scheduler.getTrigger(triggerKey(name)) instanceof CronTrigger existing
                && existing.getCronExpression().equals(cron) && existing.getTimeZone().hasSameRules(UTC)
                && existing.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW
                && scheduler.checkExists(jobKey(name))) {
            return false;
        }
        JobDetail job = JobBuilder.newJob(PolicyCronJob.class).withIdentity(jobKey(name))
                .withDescription("cron trigger of policy " + name).build();
        CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey(name)).forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(UTC)
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
        LOG.info("policy {} scheduled: cron '{}' UTC, next run {}", name, cron, instant(trigger.getNextFireTime()));
        return true;
    }

    private static boolean firesAgain(String cron) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(UTC);
            return expression.getNextValidTimeAfter(new Date()) != null;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "' is not valid: " + e.getMessage(), e);
        }
    }

    static JobKey jobKey(String name) {
        return JobKey.jobKey(name, GROUP);
    }

    static TriggerKey triggerKey(String name) {
        return TriggerKey.triggerKey(name, GROUP);
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
