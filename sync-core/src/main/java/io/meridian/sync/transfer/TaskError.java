package io.meridian.sync.transfer;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a task failed, as stored with it: the registry's own OCI error code when it sent one
 * (else {@code HTTP_<status>}, or a Meridian code such as {@code CIRCUIT_OPEN}) and the
 * message, which the OCI client guarantees is free of credentials.
 */
public record TaskError(String code, String message) {

    public static TaskError of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof DigestMismatchException) {
            return new TaskError("DIGEST_INVALID", t.getMessage());
        }
        if (t instanceof NoPathException) {
            return new TaskError("NO_PATH", t.getMessage());
        }
        if (t instanceof RegistryException r) {
            String code = r.errorCode().map(Enum::name).orElseGet(() -> statusCode(r));
            return new TaskError(code, t.getMessage());
        }
        if (t instanceof TransferInterruptedException) {
            return new TaskError("INTERRUPTED", t.getMessage());
        }
        if (t instanceof CallNotPermittedException) {
            return new TaskError("CIRCUIT_OPEN", t.getMessage());
        }
        if (t instanceof BulkheadFullException) {
            return new TaskError("BULKHEAD_FULL", t.getMessage());
        }
        return new TaskError("INTERNAL", t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    /**
     * No error body (a HEAD answer, or a registry that sent none): the code the OCI spec gives
     * that status where it gives exactly one, else {@code HTTP_<status>}.
     */
    private static String statusCode(RegistryException r) {
        return switch (r.status()) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 429 -> "TOOMANYREQUESTS";
            case -1, 0 -> r.isRetryable() ? "IO_ERROR" : "REGISTRY_ERROR";
            default -> "HTTP_" + r.status();
        };
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof SourceFailure) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
