package io.meridian.sync.oci;

/** A failure a retry will not fix: authentication/authorisation, not found, digest mismatch, invalid or too large. */
public non-sealed class PermanentRegistryException extends RegistryException {

    public PermanentRegistryException(String message, int status, OciErrorCode errorCode, Throwable cause) {
        super(message, status, errorCode, cause);
    }

    public PermanentRegistryException(String message) {
        this(message, -1, null, null);
    }

    /** True for 404 / *_UNKNOWN answers. */
    public boolean isNotFound() {
        return status() == 404;
    }

    /** True for 401 / 403 answers. */
    public boolean isAuthFailure() {
        return status() == 401 || status() == 403;
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
