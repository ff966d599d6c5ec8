package io.meridian.sync.batch;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.core.retry.RetryPolicy;

/**
 * The transfer step's fault tolerance, declared against the OCI client's exception branches: an
 * artifact that failed with a {@link RetryableRegistryException} is copied once more (its blobs
 * already there are HEADed, not re-sent); one that failed permanently, or whose registry's
 * circuit is open or bulkhead full, is skipped and its tasks recorded FAILED with the reason.
 * Anything else (a database error, an interrupt) fails or stops the step.
 */
final class TransferFaults {

    static final List<Class<? extends Throwable>> SKIPPABLE = List.of(RegistryException.class,
            CallNotPermittedException.class, BulkheadFullException.class);

    private TransferFaults() {
    }

    static RetryPolicy retryPolicy() {
        return RetryPolicy.builder().includes(RetryableRegistryException.class).maxRetries(1)
                .delay(Duration.ofMillis(500)).build();
    }

    static boolean isDeclared(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof RuntimeException && SKIPPABLE.stream().anyMatch(c -> c.isInstance(t));
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
