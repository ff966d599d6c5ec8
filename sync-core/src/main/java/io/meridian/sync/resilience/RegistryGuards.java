package io.meridian.sync.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RegistryGuard} per registry name, created on first use from shared settings.
 * Only {@link RetryableRegistryException} is retried and counted as a circuit-breaker
 * failure: a 404 or a digest mismatch says nothing about the registry's health.
 */
public final class RegistryGuards {

    /** Calls the circuit breaker's failure rate is computed over (at least {@code minimumCalls}). */
    static final int SLIDING_WINDOW_CALLS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryGuards.class);
    private static final String ENDPOINT_CONFIG = "endpoint";

    private final ResilienceSettings settings;
    private final MeterRegistry meters;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;
    private final Map<String, RegistryGuard> guards = new ConcurrentHashMap<>();

    public RegistryGuards(ResilienceSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(backoff(settings))
                .retryOnException(e -> e instanceof RetryableRegistryException)
                .ignoreExceptions(TransferInterruptedException.class)
                .build());
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                // judged over the last 100 calls: with a window of 20 judged from 10 calls, ~8 % of requests
                // failing at random (each retried attempt is a call) opened a healthy registry's circuit now and then
                // in the random fault run — a window that small mistakes noise for an outage
                .slidingWindowSize(Math.max(settings.minimumCalls(), SLIDING_WINDOW_CALLS))
                .waitDurationInOpenState(settings.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof RetryableRegistryException)
                .ignoreExceptions(TransferInterruptedException.class)
                .build();
        this.circuitBreakers = CircuitBreakerRegistry.of(breaker);
        // An endpoint's breaker half-opens by itself when the wait is over: the endpoint choice reads the state to
        // send trial traffic back (a lazily half-opening breaker would look open to it for ever).
        circuitBreakers.addConfiguration(ENDPOINT_CONFIG, CircuitBreakerConfig.from(breaker)
                .automaticTransitionFromOpenToHalfOpenEnabled(true).build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxBulkheadWait())
                .build());
        this.rateLimiters = settings.requestsPerSecond() > 0
                ? RateLimiterRegistry.of(RateLimiterConfig.custom()
                        .limitForPeriod((int) Math.max(1, Math.round(settings.requestsPerSecond())))
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(settings.maxBulkheadWait())
                        .build())
                : null;
        if (meters != null) {
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(meters);
            TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        }
    }

    public ResilienceSettings settings() {
        return settings;
    }

    public RegistryGuard forRegistry(String registry) {
        return guards.computeIfAbsent(registry, r -> create(r, false));
    }

    /**
     * The guard of one endpoint of a registry with several ({@code <registry>/<endpoint>}): its own retry, circuit
     * breaker (half-opening by itself after the wait) and bulkhead.
     */
    public RegistryGuard forEndpoint(String registry, String endpoint) {
        return guards.computeIfAbsent(registry + "/" + endpoint, r -> create(r, true));
    }

    private RegistryGuard create(String registry, boolean endpoint) {
        Retry retry = retries.retry(registry);
        retry.getEventPublisher().onRetry(event -> {
            String reason = reason(event.getLastThrowable());
            LOG.info("retrying a call to registry {} (attempt {}, reason {}) in {} ms", registry,
                    event.getNumberOfRetryAttempts(), reason, event.getWaitInterval().toMillis());
            if (meters != null) {
                Counter.builder("meridian.registry.retries")
                        .description("Retried registry calls")
                        .tag("registry", registry).tag("reason", reason)
                        .register(meters).increment();
            }
        });
        CircuitBreaker breaker = endpoint ? circuitBreakers.circuitBreaker(registry, ENDPOINT_CONFIG)
                : circuitBreakers.circuitBreaker(registry);
        breaker.getEventPublisher().onStateTransition(event -> LOG.warn(
                "circuit breaker for registry {}: {}", registry, event.getStateTransition()));
        Bulkhead bulkhead = bulkheads.bulkhead(registry);
        RateLimiter limiter = rateLimiters == null ? null : rateLimiters.rateLimiter(registry);
        return new RegistryGuard(registry, retry, breaker, bulkhead, limiter);
    }

    /** Capped exponential backoff; a registry's {@code Retry-After} wins when longer (still capped). */
    static <T> IntervalBiFunction<T> backoff(ResilienceSettings settings) {
        return (attempt, outcome) -> {
            long wait = settings.backoff(attempt).toMillis();
            if (outcome != null && outcome.isLeft()
                    && outcome.getLeft() instanceof RetryableRegistryException retryable) {
                long asked = retryable.retryAfter().map(Duration::toMillis).orElse(0L);
                wait = Math.max(wait, Math.min(asked, settings.maxBackoff().toMillis()));
            }
            return wait;
        };
    }

    static String reason(Throwable t) {
        if (t instanceof RetryableRegistryException r) {
            if (r.status() > 0) {
                return String.valueOf(r.status());
            }
            return "io";
        }
        return t == null ? "unknown" : t.getClass().getSimpleName();
    }
}
