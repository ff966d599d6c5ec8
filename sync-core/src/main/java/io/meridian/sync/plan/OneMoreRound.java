package io.meridian.sync.plan;

import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan's registry reads get what a copy gets: a read that still fails retryably once its registry guard has used
 * up its attempts (a 503, a 429, a reset — each attempt faulted) is made once more, after a pause, before the
 * artifact is planned FAILED. Without it a burst of faults on one HEAD while planning failed a task of a sound
 * artifact at a sound destination (the random fault run, seed 6236235234526: four faults in a row on a destination's
 * HEAD, the execution PARTIAL), while the same burst during the copy was retried. Plan reads are HEADs and GETs:
 * safe to repeat.
 */
final class OneMoreRound {

    private static final Logger LOG = LoggerFactory.getLogger(OneMoreRound.class);
    /** As long as the transfer step waits before its own retry of an artifact ({@code TransferFaults}). */
    static final Duration PAUSE = Duration.ofMillis(500);

    private OneMoreRound() {
    }

    static <T> T read(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RetryableRegistryException e) {
            LOG.info("{} failed retryably ({}); reading it once more", what, e.getMessage());
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw TransferInterruptedException.interrupted(what, interrupted);
            }
            return read.get();
        }
    }
}
