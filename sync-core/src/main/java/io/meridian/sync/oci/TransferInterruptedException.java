package io.meridian.sync.oci;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The calling thread was interrupted (an execution being stopped, a pool shutting down) during a registry call.
 * Deliberately <em>outside</em> the {@link RegistryException} hierarchy: it says nothing about the registry, so it is
 * never retried and never counted by a circuit breaker. Whoever creates it has restored the thread's interrupt
 * flag; whoever catches it must let it go on (or restore the flag and stop).
 */
public final class TransferInterruptedException extends RuntimeException {

    private TransferInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Restores the current thread's interrupt flag and returns the exception to throw. */
    public static TransferInterruptedException interrupted(String action, Throwable cause) {
        Thread.currentThread().interrupt();
        return new TransferInterruptedException(action + " interrupted", cause);
    }

    /**
     * True when {@code failure} (or a cause) is an interrupt rather than an I/O or registry error: an
     * {@link InterruptedException}, an {@link InterruptedIOException} that is not a socket timeout, a
     * {@link ClosedByInterruptException}, or this exception.
     */
    public static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransferInterruptedException || t instanceof InterruptedException
                    || t instanceof ClosedByInterruptException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }
}
