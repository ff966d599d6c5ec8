package io.meridian.sync.transfer;

import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two bounded rounds a manifest call gets on top of its registry guard's retries, each for a failure that is
 * permanent for any other call but transient here:
 * <ul>
 *   <li>{@link #fetch}: bytes that do not hash to the digest asked for were damaged on the way or are corrupt at the
 *   source — fetched again while each wrong result is new ({@link WrongBytes}), so a byte flipped in transit costs
 *   one more GET while a source that serves the same wrong bytes twice fails with the mismatch (found by the random
 *   fault run: without it one flipped byte in a source manifest GET failed the artifact at every destination);</li>
 *   <li>{@link #put}: distribution 2.8.2 sometimes answers the PUT of a manifest whose blobs were just made present
 *   with {@code DIGEST_INVALID} or {@code MANIFEST_BLOB_UNKNOWN} while it is still writing a link file for the same
 *   content (seen under parallel replication: 2 of 64 tasks of one run); the same PUT moments later succeeds. A blob
 *   that is really missing fails every attempt and the error is reported as before.</li>
 * </ul>
 */
final class ManifestRounds {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestRounds.class);
    static final int PUT_ATTEMPTS = 4;

    private ManifestRounds() {
    }

    /**
     * {@code get} once, and again while its bytes arrive not matching their digest, each time wrong in a new way
     * ({@link WrongBytes}); {@code what} names it in logs.
     */
    static ManifestBytes fetch(Supplier<ManifestBytes> get, String what) {
        return WrongBytes.fetch("manifest " + what, Duration.ZERO, get);
    }

    /** {@code put} once, and again (after 100 ms × attempt²) while it meets distribution's link-file race. */
    static void put(Runnable put, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                put.run();
                return;
            } catch (PermanentRegistryException e) {
                if (attempt >= PUT_ATTEMPTS || !linkRaceSymptom(e)) {
                    throw e;
                }
                LOG.info("put manifest {} answered {}; putting it again (attempt {} of {})", what,
                        e.errorCode().orElseThrow(), attempt + 1, PUT_ATTEMPTS);
                pause(Duration.ofMillis(100L * attempt * attempt));
            }
        }
    }

    private static boolean linkRaceSymptom(PermanentRegistryException e) {
        return e.errorCode().filter(c -> c == OciErrorCode.DIGEST_INVALID || c == OciErrorCode.MANIFEST_BLOB_UNKNOWN)
                .isPresent();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted("waiting to put a manifest again", e);
        }
    }
}
