package io.meridian.sync.transfer;

/**
 * The execution's lease moved to another node while this one was copying: nothing more is tagged. Not a registry
 * error, never retried; the outcome is dropped by the fenced write that follows.
 */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
