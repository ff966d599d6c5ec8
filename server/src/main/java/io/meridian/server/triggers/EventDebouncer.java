package io.meridian.server.triggers;

import io.meridian.policies.Trigger;
import io.meridian.server.api.executions.ExecutionScope;
import io.meridian.server.api.executions.ExecutionService;
import io.meridian.server.api.policies.PolicyChanged;
import io.meridian.server.problem.ApiProblem;
import io.meridian.sync.crash.CrashPoints;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Coalesces push events per event policy and then starts one execution scoped to what was
 * pushed. Works from {@link PendingPushes} (table {@code pending_pushes}), so pushes survive a
 * crash and any node may start the run.
 *
 * <ul>
 * <li>A policy's run is due when no push came for {@code debounceSeconds}, but never later than
 *     {@link #MAX_WAIT_FACTOR} quiet periods after the first pending push.</li>
 * <li>While the policy has an active execution, its pushes stay pending and are coalesced into
 *     one run after that execution ends (the one-active-execution-per-policy rule). The check is a
 *     plain read: no insert is attempted against the active execution, so no duplicate-key error
 *     is provoked on every re-check.</li>
 * <li>Rows are deleted only after the execution covering them is committed: a crash in between
 *     runs them again (at least once, never lost).</li>
 * <li>More than {@link #MAX_SCOPED_PAIRS} distinct pairs: the run covers the whole policy instead.</li>
 * <li>A run that cannot be started for another reason is retried with a capped exponential backoff.</li>
 * </ul>
 */
public class EventDebouncer implements ApplicationRunner, AutoCloseable {

    /** A run starts at the latest this many quiet periods after the first pending push. */
    public static final int MAX_WAIT_FACTOR = 6;
    /** Above this many distinct (repository, tag) pairs a run covers the whole policy. */
    public static final int MAX_SCOPED_PAIRS = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(EventDebouncer.class);

    private final ExecutionService executions;
    private final PendingPushes pushes;
    private final Duration sweepInterval;
    private final AtomicLong sweeps = new AtomicLong();
    private final ScheduledExecutorService timer;
    /** Policies whose last start failed: when to try again, and the failures so far. Sweep thread only. */
    private final Map<String, long[]> backoff = new HashMap<>();

    /** @param sweepInterval how often pending pushes (and busy policies) are looked at */
    public EventDebouncer(ExecutionService executions, PendingPushes pushes, Duration sweepInterval) {
        this.executions = executions;
        this.pushes = pushes;
        this.sweepInterval = sweepInterval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meridian-event-debounce");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sweeping once the application (and its schema) is up; pushes a previous process stored are picked up. */
    @Override
    public void run(ApplicationArguments args) {
        timer.scheduleWithFixedDelay(this::sweep, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stores pushes for {@code policy} (before the webhook answers) and looks again once its quiet
     * period has passed.
     */
    public void offer(String policy, Duration debounce, Collection<PushedTag> pushed) {
        if (pushes.add(policy, Math.toIntExact(debounce.toSeconds()), pushed)) {
            CrashPoints.reach("webhook.stored", policy); // stored, 202 not answered yet
            timer.schedule(this::sweep, debounce.toMillis() + 50, TimeUnit.MILLISECONDS);
        }
    }

    /** How many distinct (repository, tag) pairs wait for {@code policy} (-1: too many, a whole-policy run is pending). */
    public int pendingPairs(String policy) {
        int n = pushes.count(policy);
        return n > MAX_SCOPED_PAIRS ? -1 : n;
    }

    /** True when nothing is pending for {@code policy}. */
    public boolean idle(String policy) {
        return pushes.count(policy) == 0;
    }

    /** Completed sweeps (each looks at every policy with pending pushes once). */
    public long sweeps() {
        return sweeps.get();
    }

    /**
     * A policy no longer event-triggered drops its pending pushes: they were collected for a
     * trigger it no longer has. (A deleted policy's rows go with it: ON DELETE CASCADE.)
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void policyChanged(PolicyChanged event) {
        if (!event.deleted() && !(event.policy().trigger() instanceof Trigger.Event)) {
            int dropped = pushes.deleteAll(event.name());
            if (dropped > 0) {
                LOG.info("policy {} is no longer event-triggered; {} pending pushed tags dropped", event.name(), dropped);
            }
        }
    }

    /** One pass over every policy with pending pushes. Runs on the single debounce thread only. */
    void sweep() {
        try {
            for (PendingPushes.PolicyBacklog backlog : pushes.backlog()) {
                long[] wait = backoff.get(backlog.policy());
                if (backlog.due() && (wait == null || System.nanoTime() >= wait[0])) {
                    fire(backlog);
                }
            }
        } catch (RuntimeException e) {
            // the database is away: the next sweep looks again, nothing was deleted
            LOG.warn("pending pushed tags could not be looked at: {}", e.getMessage());
        } finally {
            sweeps.incrementAndGet();
        }
    }

    private void fire(PendingPushes.PolicyBacklog backlog) {
        String policy = backlog.policy();
        if (pushes.running(policy)) {
            LOG.debug("policy {} is running; its pushed tags wait for it to end", policy);
            return;
        }
        List<PendingPushes.Pair> pairs = pushes.pairs(policy, backlog.lastId(), MAX_SCOPED_PAIRS + 1);
        boolean overflow = pairs.size() > MAX_SCOPED_PAIRS;
        try {
            ExecutionService.Triggered triggered = executions.trigger(policy, "event", overflow ? null : scope(pairs));
            if (!triggered.created()) {
                LOG.debug("policy {} started running meanwhile ({}); its pushed tags wait", policy, triggered.id());
                return;
            }
            CrashPoints.reach("webhook.triggered", triggered.id()); // run created, pending pushes not deleted
            pushes.delete(policy, backlog.lastId());
            backoff.remove(policy);
            LOG.info("push events started execution {} of policy {} ({})", triggered.id(), policy,
                    overflow ? "whole policy: more than " + MAX_SCOPED_PAIRS + " pushed tags" : pairs.size() + " pushed tags");
        } catch (ApiProblem e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                LOG.info("policy {} was deleted; {} pending pushed tags dropped", policy, pushes.deleteAll(policy));
                return;
            }
            failed(policy, e);
        } catch (RuntimeException e) {
            failed(policy, e);
        }
    }

    private void failed(String policy, RuntimeException e) {
        long[] wait = backoff.computeIfAbsent(policy, k -> new long[2]);
        wait[1]++;
        long delay = Math.min(MAX_BACKOFF.toNanos(), sweepInterval.toNanos() << Math.min(20, wait[1]));
        wait[0] = System.nanoTime() + delay;
        LOG.warn("push events of policy {} could not start a run (attempt {}), trying again in {} s: {}", policy,
                wait[1], TimeUnit.NANOSECONDS.toSeconds(delay), e.getMessage());
    }

    private static ExecutionScope scope(List<PendingPushes.Pair> pairs) {
        TreeSet<String> repositories = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>();
        pairs.forEach(p -> {
            repositories.add(p.repository());
            tags.add(p.tag());
        });
        return new ExecutionScope(repositories, tags);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
