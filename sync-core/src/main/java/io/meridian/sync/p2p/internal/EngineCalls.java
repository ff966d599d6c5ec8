package io.meridian.sync.p2p.internal;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.meridian.sync.p2p.P2pException;
import io.meridian.sync.p2p.PreheatSettings;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Job creations of one engine: a Resilience4j rate limiter (one per engine, shared by every preheat and
 * verification that engine serves) inside a retry of 429 / 5xx / I-O with capped exponential backoff that honours
 * {@code Retry-After}. A retried creation after an I/O error may create the job twice; a second preheat of the same
 * image is harmless, a lost one is not.
 */
public final class EngineCalls {

    private final RateLimiter limiter;
    private final Retry retry;

    public EngineCalls(String engine, PreheatSettings settings) {
        this.limiter = RateLimiter.of("p2p-" + engine, RateLimiterConfig.custom()
                .limitForPeriod(settings.jobCreationsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.timeout())
                .build());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof P2pException p && p.retryAfter().isPresent()) {
                return Math.min(p.retryAfter().get().toMillis(), 30_000L);
            }
            return Math.min(250L << Math.min(attempt, 7), 10_000L);
        };
        this.retry = Retry.of("p2p-" + engine, RetryConfig.custom()
                .maxAttempts(settings.createAttempts())
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof P2pException p && p.retryable())
                .build());
    }

    /** Runs one job creation under the limiter, retried on transient failures. */
    public <T> T create(String action, Supplier<T> call) {
        Supplier<T> limited = RateLimiter.decorateSupplier(limiter, call);
        try {
            return Retry.decorateSupplier(retry, limited).get();
        } catch (RequestNotPermitted e) {
            throw new P2pException(action + " failed: no rate-limit permit within the preheat timeout", -1, true,
                    null, e);
        }
    }

    public RateLimiter limiter() {
        return limiter;
    }
}
