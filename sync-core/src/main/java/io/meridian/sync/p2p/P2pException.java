package io.meridian.sync.p2p;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception root of the P2P adapters. Retryable: 429, 5xx, I/O, timeouts; permanent: 401/403 (token), 422
 * (request refused), other 4xx, an answer we cannot read. Messages name the action and engine, never a credential.
 */
public class P2pException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public P2pException(String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static P2pException permanent(String message) {
        return new P2pException(message, -1, false, null, null);
    }

    /** Maps an HTTP status the way both engines use them. */
    public static P2pException fromStatus(String action, int status, String detail, Duration retryAfter) {
        String why = switch (status) {
            case 401 -> " (token missing or not valid)";
            case 403 -> " (token refused: inactive, expired or without the needed scope)";
            case 422 -> " (request refused by the engine)";
            case 429 -> " (rate limited)";
            default -> "";
        };
        boolean retryable = status == 429 || status >= 500;
        return new P2pException(action + " failed: " + status + why + (detail == null || detail.isBlank() ? ""
                : ": " + detail), status, retryable, retryAfter, null);
    }

    /** HTTP status, or -1 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
