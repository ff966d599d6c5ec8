package io.meridian.sync.transfer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.regions.paths.EndpointRanking.Ranking;
import io.meridian.regions.paths.PathRule;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small requests of a registry with several endpoints — blob HEAD, cross-repository mount, manifest
 * GET/HEAD/PUT/DELETE, tag and referrer listings, the catalog — on the endpoint {@link EndpointChoice} ranks best for
 * one request ({@link #SMALL_REQUEST}: the lowest expected round trip) under the policy's {@link PathRule}, never one
 * the node may not use. Each request runs under that endpoint's breaker and bulkhead and is an outcome sample of it,
 * a single read (HEAD, manifest GET, tag list) also an RTT sample; the registry's retry is around the whole. Fail-over: an endpoint whose breaker is open or that refuses the
 * connection is left at once for the next one; any other retryable failure is retried (after the back-off) on the
 * next one while one is left. The upload session calls (POST, PATCH, PUT) go with the blob's own attempt
 * ({@link BlobStreams}).
 */
final class EndpointCalls {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCalls.class);
    /** The work a small request is ranked for: one round trip, no body worth counting. */
    static final Work SMALL_REQUEST = new Work(1, 0);

    private final EndpointChoice choice;
    private final PathRule rule;
    private final Counter failovers;
    /** The endpoint of the task these calls serve (null: none, each request ranked): see {@link #pinned}. */
    private final AtomicReference<String> pin;

    EndpointCalls(EndpointChoice choice, PathRule rule, String registry, MeterRegistry meters) {
        this(choice, rule, meters == null ? null : Counter.builder("meridian.endpoint.failovers")
                .description("Small registry requests moved to another endpoint after one failed")
                .tag("registry", registry).register(meters), null);
    }

    private EndpointCalls(EndpointChoice choice, PathRule rule, Counter failovers, AtomicReference<String> pin) {
        this.choice = choice;
        this.rule = rule == null ? PathRule.ANY : rule;
        this.failovers = failovers;
        this.pin = pin;
    }

    PathRule rule() {
        return rule;
    }

    /** The same choice under another rule. */
    EndpointCalls under(PathRule other) {
        return new EndpointCalls(choice, other, failovers, null);
    }

    /**
     * Calls for one task: they go where the task goes — first the endpoint the route step ranks best for a typical
     * image, then wherever the task's last blob went ({@link #pinTo}) — and leave it only to fail over.
     */
    EndpointCalls pinned(GuardedRegistry planned) {
        Ranking ranking = choice.rank(planned, Work.TYPICAL_IMAGE, rule);
        return new EndpointCalls(choice, rule, failovers,
                new AtomicReference<>(ranking.isEmpty() ? null : ranking.best().name()));
    }

    /** The task's bytes went over {@code endpoint}: its next small requests follow. */
    void pinTo(String endpoint) {
        if (pin != null) {
            pin.set(endpoint);
        }
    }

    /** Runs {@code request} on the best endpoint of {@code planned}, failing over as the class comment says. */
    <T> T call(GuardedRegistry planned, Function<RegistryClient, T> request, boolean roundTrip) {
        Set<String> failed = new HashSet<>();
        return planned.guard().retrying(() -> attempt(planned, request, roundTrip, failed));
    }

    private <T> T attempt(GuardedRegistry planned, Function<RegistryClient, T> request, boolean roundTrip,
                          Set<String> failed) {
        while (true) {
            EndpointHandle pinned = pinnedHandle(planned, failed);
            Ranking ranking = pinned != null ? null : choice.rank(planned, SMALL_REQUEST, rule);
            if (ranking != null && ranking.isEmpty()) {
                throw new NoPathException(planned.name(), ranking);
            }
            GuardedRegistry via = pinned != null ? pinned.registry()
                    : EndpointChoice.handle(planned, EndpointChoice.pick(ranking.usable(), failed).name()).registry();
            try {
                T result = via.attempted(request, roundTrip);
                if (!failed.isEmpty()) {
                    pinTo(via.endpoint());
                }
                return result;
            } catch (CallNotPermittedException | RegistryException e) {
                if (e instanceof RegistryException r && !r.isRetryable()) {
                    throw e;
                }
                failed.add(via.endpoint());
                Ranking left = ranking != null ? ranking : choice.rank(planned, SMALL_REQUEST, rule);
                boolean another = left.usable().stream().anyMatch(r -> !failed.contains(r.name()));
                if (!another) {
                    throw e;
                }
                failedOver(via, e);
                if (e instanceof CallNotPermittedException || refused(e)) {
                    continue; // nothing reached the registry: the next endpoint at once
                }
                throw e instanceof RetryableRegistryException retryable ? retryable
                        : new RetryableRegistryException(e.getMessage(), e);
            }
        }
    }

    /** The task's endpoint while it has not failed this request and its breaker is not open; else null. */
    private EndpointHandle pinnedHandle(GuardedRegistry planned, Set<String> failed) {
        String name = pin == null ? null : pin.get();
        if (name == null || failed.contains(name)) {
            return null;
        }
        EndpointHandle handle = EndpointChoice.handle(planned, name);
        return handle.breakerOpen() ? null : handle;
    }

    private void failedOver(GuardedRegistry via, RuntimeException e) {
        if (failovers != null) {
            failovers.increment();
        }
        LOG.debug("request to endpoint {} failed ({}); failing over", via.endpointKey(), e.getMessage());
    }

    /** The connection was never made (refused, timed out connecting). */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
