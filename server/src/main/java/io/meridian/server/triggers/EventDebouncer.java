package io.meridian.server.triggers;

import io.meridian.policies.Trigger;
import io.meridian.server.api.executions.ExecutionScope;
import io.meridian.server.api.executions.ExecutionService;
import io.meridian.server.api.policies.PolicyChanged;
import io.meridian.server.problem.ApiProblem;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Coalesces push events per event policy and then starts one execution scoped to what was
 * pushed.
 *
 * <ul>
 * <li>Each push (re)starts the policy's quiet period of {@code debounceSeconds}; the run starts
 *     when no push came for that long, but never later than {@link #MAX_WAIT_FACTOR} quiet
 *     periods after the first push, so a steady stream of pushes cannot postpone it forever.</li>
 * <li>If the policy is running, the pairs stay pending and the policy is checked again every
 *     {@code busyRecheck} until that run ends; pushes arriving meanwhile join them. Nothing is
 *     dropped for being early.</li>
 * <li>More than {@link #MAX_SCOPED_PAIRS} distinct pairs: the run covers the whole policy instead
 *     (cheaper than a huge snapshot, and it includes every pushed tag).</li>
 * </ul>
 *
 * Pending pairs live in this node's memory: a node that stops with pairs pending loses them (it
 * logs how many); the next push, cron run or manual run picks the tags up.
 */
public class EventDebouncer implements AutoCloseable {

    /** A run starts at the latest this many quiet periods after the first pending push. */
    public static final int MAX_WAIT_FACTOR = 6;
    /** Above this many distinct (repository, tag) pairs a run covers the whole policy. */
    public static final int MAX_SCOPED_PAIRS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(EventDebouncer.class);

    private record Pair(String repository, String tag) {
    }

    /** The pending pushes of one policy. Guarded by the debouncer's lock. */
    private static final class Pending {
        Set<Pair> pairs = new LinkedHashSet<>();
        boolean overflow;
        long firstNanos;
        Duration debounce;
        ScheduledFuture<?> timer;
        boolean firing;
        boolean waitingForRun;

        boolean isEmpty() {
            return pairs.isEmpty() && !overflow;
        }
    }

    private final ExecutionService executions;
    private final Duration busyRecheck;
    private final ScheduledExecutorService timers;
    private final Map<String, Pending> pending = new HashMap<>();

    public EventDebouncer(ExecutionService executions, Duration busyRecheck) {
        this.executions = executions;
        this.busyRecheck = busyRecheck;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meridian-event-debounce");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds pushes for {@code policy}; returns at once (the run starts on the debounce thread). */
    public synchronized void offer(String policy, Duration debounce, Collection<PushedTag> pushes) {
        Pending p = pending.computeIfAbsent(policy, k -> new Pending());
        if (p.isEmpty() && !p.firing && !p.waitingForRun) {
            p.firstNanos = System.nanoTime();
        }
        p.debounce = debounce;
        for (PushedTag push : pushes) {
            if (!p.overflow) {
                p.pairs.add(new Pair(push.repository(), push.tag()));
                if (p.pairs.size() > MAX_SCOPED_PAIRS) {
                    p.overflow = true;
                    p.pairs.clear();
                }
            }
        }
        if (p.firing || p.waitingForRun) {
            return; // the fire in progress, or the busy re-check, takes them along
        }
        long waited = System.nanoTime() - p.firstNanos;
        long delay = Math.max(0, Math.min(debounce.toNanos(), debounce.toNanos() * MAX_WAIT_FACTOR - waited));
        arm(policy, p, delay);
    }

    /** How many (repository, tag) pairs wait for {@code policy} (-1: too many, a whole-policy run is pending). */
    public synchronized int pendingPairs(String policy) {
        Pending p = pending.get(policy);
        return p == null ? 0 : p.overflow ? -1 : p.pairs.size();
    }

    /** True when nothing is pending or starting for {@code policy}. */
    public synchronized boolean idle(String policy) {
        return !pending.containsKey(policy);
    }

    /**
     * A policy deleted or no longer event-triggered drops its pending pushes: they were collected
     * for a trigger it no longer has.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void policyChanged(PolicyChanged event) {
        if (event.deleted() || !(event.policy().trigger() instanceof Trigger.Event)) {
            forget(event.name());
        }
    }

    private synchronized void forget(String policy) {
        Pending p = pending.remove(policy);
        if (p != null) {
            if (p.timer != null) {
                p.timer.cancel(false);
            }
            LOG.info("policy {} is no longer event-triggered; {} pending pushed tags dropped", policy, p.pairs.size());
        }
    }

    private void arm(String policy, Pending p, long delayNanos) {
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        p.timer = timers.schedule(() -> fire(policy), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire(String policy) {
        Set<Pair> pairs;
        boolean overflow;
        synchronized (this) {
            Pending p = pending.get(policy);
            if (p == null || p.firing) {
                return;
            }
            p.timer = null;
            p.firing = true;
            p.waitingForRun = false;
            pairs = p.pairs;
            overflow = p.overflow;
            p.pairs = new LinkedHashSet<>();
            p.overflow = false;
            if (pairs.isEmpty() && !overflow) {
                pending.remove(policy);
                return;
            }
        }
        Outcome outcome = start(policy, pairs, overflow);
        synchronized (this) {
            Pending p = pending.get(policy);
            if (p == null) {
                return; // forgotten meanwhile
            }
            p.firing = false;
            switch (outcome) {
                case STARTED, GONE -> {
                    if (outcome == Outcome.GONE || p.isEmpty()) {
                        pending.remove(policy);
                    } else {
                        // pushes that came in while this run was being created: a fresh quiet period
                        p.firstNanos = System.nanoTime();
                        arm(policy, p, p.debounce.toNanos());
                    }
                }
                case BUSY, FAILED -> {
                    p.pairs.addAll(pairs);
                    p.overflow |= overflow || p.pairs.size() > MAX_SCOPED_PAIRS;
                    if (p.overflow) {
                        p.pairs.clear();
                    }
                    p.waitingForRun = true;
                    arm(policy, p, busyRecheck.toNanos());
                }
                default -> throw new IllegalStateException(outcome.name());
            }
        }
    }

    private enum Outcome { STARTED, BUSY, GONE, FAILED }

    private Outcome start(String policy, Set<Pair> pairs, boolean overflow) {
        try {
            ExecutionScope scope = overflow ? null : scope(pairs);
            ExecutionService.Triggered triggered = executions.trigger(policy, "event", scope);
            if (!triggered.created()) {
                LOG.debug("policy {} is running ({}); {} pushed tags wait for it to end", policy, triggered.id(),
                        overflow ? "many" : pairs.size());
                return Outcome.BUSY;
            }
            LOG.info("push events started execution {} of policy {} ({})", triggered.id(), policy,
                    overflow ? "whole policy: more than " + MAX_SCOPED_PAIRS + " pushed tags" : pairs.size() + " pushed tags");
            return Outcome.STARTED;
        } catch (ApiProblem e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                LOG.info("policy {} was deleted; {} pending pushed tags dropped", policy, pairs.size());
                return Outcome.GONE;
            }
            LOG.warn("push events of policy {} could not start a run, retrying: {}", policy, e.getMessage());
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            LOG.warn("push events of policy {} could not start a run, retrying: {}", policy, e.getMessage());
            return Outcome.FAILED;
        }
    }

    private static ExecutionScope scope(Set<Pair> pairs) {
        TreeSet<String> repositories = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>();
        pairs.forEach(p -> {
            repositories.add(p.repository());
            tags.add(p.tag());
        });
        return new ExecutionScope(repositories, tags);
    }

    @Override
    public synchronized void close() {
        int lost = pending.values().stream().mapToInt(p -> p.overflow ? 1 : p.pairs.size()).sum();
        if (lost > 0) {
            LOG.warn("stopping with pushed tags of {} policies not yet replicated ({} pairs); the next run of each policy picks them up",
                    pending.size(), lost);
        }
        timers.shutdownNow();
    }
}
