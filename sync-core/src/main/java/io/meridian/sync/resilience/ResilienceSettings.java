package io.meridian.sync.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits applied around every call to one registry. Validated on construction so a bad
 * configuration fails at start, not in the middle of a replication.
 *
 * @param maxAttempts          attempts per call including the first (1 = no retry)
 * @param initialBackoff       wait before the first retry; doubles each attempt
 * @param maxBackoff           cap of the exponential backoff, and of a registry's {@code Retry-After}
 * @param maxConcurrentCalls   bulkhead: calls (and blob transfers) in flight per registry
 * @param maxBulkheadWait      how long a call waits for a bulkhead slot before failing
 * @param failureRateThreshold circuit breaker: percentage of retryable failures that opens it
 * @param minimumCalls         circuit breaker: calls recorded before the rate is judged
 * @param openStateWait        circuit breaker: how long an open circuit fails fast before probing
 * @param requestsPerSecond    optional rate limit per registry; 0 disables it
 */
public record ResilienceSettings(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxConcurrentCalls,
        Duration maxBulkheadWait,
        float failureRateThreshold,
        int minimumCalls,
        Duration openStateWait,
        double requestsPerSecond) {

    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(
            4, Duration.ofMillis(200), Duration.ofSeconds(10), 64, Duration.ofMinutes(10),
            50f, 20, Duration.ofSeconds(30), 0);

    public ResilienceSettings {
        require(maxAttempts >= 1, "maxAttempts", "must be >= 1");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxBulkheadWait, "maxBulkheadWait");
        Objects.requireNonNull(openStateWait, "openStateWait");
        require(!initialBackoff.isNegative() && !initialBackoff.isZero(), "initialBackoff", "must be positive");
        require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff", "must be >= initialBackoff");
        require(maxConcurrentCalls >= 1, "maxConcurrentCalls", "must be >= 1");
        require(failureRateThreshold > 0 && failureRateThreshold <= 100, "failureRateThreshold", "must be in (0, 100]");
        require(minimumCalls >= 1, "minimumCalls", "must be >= 1");
        require(!openStateWait.isNegative() && !openStateWait.isZero(), "openStateWait", "must be positive");
        require(requestsPerSecond >= 0, "requestsPerSecond", "must be >= 0 (0 disables the limit)");
    }

    private static void require(boolean ok, String field, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("resilience setting " + field + " " + reason);
        }
    }

    /** Backoff before retry number {@code attempt} (1-based): initial × 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        long millis = initialBackoff.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
