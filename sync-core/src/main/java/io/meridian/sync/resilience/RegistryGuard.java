package io.meridian.sync.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;

/**
 * The Resilience4j decorators for one registry, composed once: retry (outermost, so every
 * attempt passes the circuit breaker and waits for its own bulkhead slot) → circuit breaker
 * → rate limiter (optional) → bulkhead → the call.
 *
 * <p>An open circuit throws {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException},
 * which is not retried: a dead registry fails its work fast while other registries continue.
 */
public final class RegistryGuard {

    private final String registry;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;

    RegistryGuard(String registry, Retry retry, CircuitBreaker circuitBreaker, Bulkhead bulkhead,
                  RateLimiter rateLimiter) {
        this.registry = registry;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
        this.bulkhead = bulkhead;
        this.rateLimiter = rateLimiter;
    }

    public String registry() {
        return registry;
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    /** Runs {@code call} under the registry's retry, circuit breaker, rate limiter and bulkhead. */
    public <T> T call(Supplier<T> call) {
        Supplier<T> decorated = Bulkhead.decorateSupplier(bulkhead, call);
        if (rateLimiter != null) {
            decorated = RateLimiter.decorateSupplier(rateLimiter, decorated);
        }
        decorated = CircuitBreaker.decorateSupplier(circuitBreaker, decorated);
        decorated = Retry.decorateSupplier(retry, decorated);
        return decorated.get();
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
