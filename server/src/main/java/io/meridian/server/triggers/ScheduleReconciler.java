package io.meridian.server.triggers;

import io.meridian.policies.Policy;
import io.meridian.policies.Trigger;
import io.meridian.server.api.policies.PolicyChanged;
import io.meridian.server.api.policies.PolicyRepository;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps Quartz in step with the policies table: everything at start-up (policies may have been
 * changed while this node was down, or by a node without a scheduler), and one policy on every
 * committed {@link PolicyChanged}.
 *
 * <p>The event's payload is not trusted for ordering: the policy is read again from the
 * database, so two quick edits whose listeners run out of order (other threads, other nodes)
 * still end with Quartz matching the last committed definition.
 */
public class ScheduleReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleReconciler.class);

    private final PolicyRepository policies;
    private final CronSchedules schedules;

    public ScheduleReconciler(PolicyRepository policies, CronSchedules schedules) {
        this.policies = policies;
        this.schedules = schedules;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void policyChanged(PolicyChanged event) {
        // the policy change is committed whatever happens here; the next start-up reconciliation repairs it
        guarded(event.name(), () -> reconcile(event.name()));
    }

    /** One policy's trouble is logged, never allowed to stop the others (or the application's start). */
    private static void guarded(String name, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("schedule of policy {} not updated: {}", name, e.getMessage(), e);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void reconcileAll() {
        Set<String> names = new TreeSet<>(schedules.scheduledPolicies());
        int cron = 0;
        for (Policy policy : policies.list()) {
            if (policy.trigger() instanceof Trigger.Cron) {
                names.remove(policy.name());
                cron++;
                guarded(policy.name(), () -> schedules.apply(policy.name(), policy));
            }
        }
        // jobs left over for policies deleted or no longer on cron: re-read each before removing it,
        // in case another node created it since the list above was read
        names.forEach(name -> guarded(name, () -> reconcile(name)));
        LOG.info("schedules reconciled: {} cron policies, {} stale jobs checked", cron, names.size());
    }

    /** Reads {@code name} again and makes its Quartz job match. */
    public void reconcile(String name) {
        schedules.apply(name, policies.find(name).orElse(null));
    }
}
