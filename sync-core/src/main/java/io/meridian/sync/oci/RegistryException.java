package io.meridian.sync.oci;

import java.util.Optional;

/**
 * Root of every error the OCI client throws (unchecked). Messages name the action, registry, repository and
 * digest, e.g. "push blob sha256:ab… to 127.0.0.1:5001/team/app failed: 413 SIZE_INVALID"; never a credential.
 */
public abstract sealed class RegistryException extends RuntimeException
        permits RetryableRegistryException, PermanentRegistryException {

    private final int status;
    private final OciErrorCode errorCode;

    protected RegistryException(String message, int status, OciErrorCode errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status, or -1 when no response was received. */
    public int status() {
        return status;
    }

    public Optional<OciErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** True when a retry of the same call may succeed (429, 5xx, I/O, timeout). */
    public abstract boolean isRetryable();
}
