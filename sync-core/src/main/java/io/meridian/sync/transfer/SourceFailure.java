package io.meridian.sync.transfer;

/**
 * Wraps a failure of the <em>source</em> registry that happened inside a call guarded by a
 * <em>destination's</em> guard, so the destination neither retries it nor counts it against
 * its circuit breaker (a dead source must not open every destination's circuit).
 */
final class SourceFailure extends RuntimeException {
    SourceFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
