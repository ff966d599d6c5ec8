package io.meridian.sync.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.meridian.sync.oci.TransferInterruptedException;
import java.util.function.Supplier;

/**
 * The Resilience4j decorators for one registry, composed once: retry (outermost, so every
 * attempt passes the circuit breaker and waits for its own bulkhead slot) → circuit breaker
 * → rate limiter (optional) → bulkhead → the call.
 *
 * <p>Interrupts are no registry failure: they propagate as {@link TransferInterruptedException} (flag restored),
 * are never retried and never recorded by the circuit breaker.
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

    /**
     * Runs {@code call} under the registry's retry, circuit breaker, rate limiter and bulkhead. Only for calls that
     * can be replayed as they are (a request, an upload session that reopens its content): never around a stream
     * that a failed attempt has consumed.
     */
    public <T> T call(Supplier<T> call) {
        return interruptible(Retry.decorateSupplier(retry, attemptDecorated(call)));
    }

    /**
     * Runs {@code call} under this registry's retry only: each attempt of {@code call} picks its own target and runs
     * under that target's {@link #attempt} (breaker, bulkhead). With the target being this registry it is
     * {@link #call}.
     */
    public <T> T retrying(Supplier<T> call) {
        return interruptible(Retry.decorateSupplier(retry, call));
    }

    /**
     * Runs {@code call} once under the circuit breaker, rate limiter and bulkhead, without retry: for an attempt
     * that cannot be replayed (an upload fed by a tee), whose caller decides what to do on failure.
     */
    public <T> T attempt(Supplier<T> call) {
        return interruptible(attemptDecorated(call));
    }

    private <T> Supplier<T> attemptDecorated(Supplier<T> call) {
        Supplier<T> decorated = Bulkhead.decorateSupplier(bulkhead, call);
        if (rateLimiter != null) {
            decorated = RateLimiter.decorateSupplier(rateLimiter, decorated);
        }
        return CircuitBreaker.decorateSupplier(circuitBreaker, decorated);
    }

    /**
     * An interrupt during a call, a bulkhead wait or a retry backoff (Resilience4j restores the flag and throws the
     * last failure, or a full-bulkhead error) is rethrown as what it is, not as a registry failure.
     */
    private <T> T interruptible(Supplier<T> decorated) {
        if (Thread.currentThread().isInterrupted()) {
            throw TransferInterruptedException.interrupted("call to registry " + registry, null);
        }
        try {
            return decorated.get();
        } catch (TransferInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || TransferInterruptedException.isInterrupt(e)) {
                throw TransferInterruptedException.interrupted("call to registry " + registry, e);
            }
            throw e;
        }
    }

    public CircuitBreaker.Metrics circuitMetrics() {
        return circuitBreaker.getMetrics();
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
