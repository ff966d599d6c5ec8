package io.meridian.sync.helm;

/**
 * The root of every error of the Helm chart repository clients: {@link Retryable} (5xx, 429, I/O, timeouts, a lost
 * index race that ran out of attempts) or {@link Permanent} (auth, not found, a digest that does not match, an
 * invalid {@code index.yaml}). Messages name the action, the repository and the chart, never a credential.
 */
public abstract sealed class HelmRepositoryException extends RuntimeException
        permits HelmRepositoryException.Retryable, HelmRepositoryException.Permanent {

    private final int status;

    HelmRepositoryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status that caused it, or 0 when there was none (I/O, parsing, digest). */
    public int status() {
        return status;
    }

    public abstract boolean retryable();

    public static Retryable retryable(String message, int status, Throwable cause) {
        return new Retryable(message, status, cause);
    }

    public static Permanent permanent(String message, int status, Throwable cause) {
        return new Permanent(message, status, cause);
    }

    public static Permanent permanent(String message) {
        return new Permanent(message, 0, null);
    }

    /** Maps an HTTP status: 408, 429 and 5xx may succeed on a later attempt; everything else will not. */
    public static HelmRepositoryException forStatus(String action, int status) {
        return forStatus(action, status, null);
    }

    public static HelmRepositoryException forStatus(String action, int status, Throwable cause) {
        String message = action + " failed: HTTP " + status;
        return status == 408 || status == 429 || status >= 500
                ? new Retryable(message, status, cause) : new Permanent(message, status, cause);
    }

    /** Worth another attempt. */
    public static final class Retryable extends HelmRepositoryException {
        Retryable(String message, int status, Throwable cause) {
            super(message, status, cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** Will fail the same way again. */
    public static final class Permanent extends HelmRepositoryException {
        Permanent(String message, int status, Throwable cause) {
            super(message, status, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }
}
