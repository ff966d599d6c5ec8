package io.meridian.sync.oci;

import java.time.Duration;
import java.util.Optional;

/** A failure that a later retry may fix: 429 (with its {@code Retry-After}), 5xx, I/O errors and timeouts. */
public non-sealed class RetryableRegistryException extends RegistryException {

    private final Duration retryAfter;

    public RetryableRegistryException(String message, int status, OciErrorCode errorCode, Duration retryAfter,
                                      Throwable cause) {
        super(message, status, errorCode, cause);
        this.retryAfter = retryAfter;
    }

    public RetryableRegistryException(String message, Throwable cause) {
        this(message, -1, null, null, cause);
    }

    /** How long the registry asked us to wait (429/503 {@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
