package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetch rounds of one blob or manifest whose bytes arrive not hashing to their digest. Damage on the way differs
 * from one fetch to the next (another byte flipped, another hash); a source whose stored bytes are corrupt serves
 * the same wrong bytes every time. So the bytes are fetched again while each wrong result is new, at most
 * {@value #MAX_FETCHES} fetches in all, and the <em>second identical wrong digest ends it at once</em>: corrupt at
 * the source, {@code DIGEST_INVALID}, nothing committed.
 *
 * <p>The random fault run found the fixed bound of 3 fetches too tight: with ~3 % of body GETs damaged, three in a
 * row happen about once in ~1,000 blobs, which failed one task in a few runs of 690 though the source was sound.
 *
 * <p>A destination answering {@code DIGEST_INVALID} for bytes we hashed right carries no digest of what it got; it
 * counts against the same bound.
 */
final class WrongBytes {

    private static final Logger LOG = LoggerFactory.getLogger(WrongBytes.class);
    /** Fetches in all of one blob or manifest while its bytes arrive wrong, each wrong in a new way. */
    static final int MAX_FETCHES = 6;

    private final String what;
    private final Duration pause;
    private final Set<Digest> wrongDigestsSeen = new HashSet<>();
    private int fetches;

    private WrongBytes(String what, Duration pause) {
        this.what = what;
        this.pause = pause;
    }

    /**
     * Runs {@code fetch} once, and again (after {@code pause}) while it fails with {@link #isWrongBytes wrong bytes}
     * that are new; every other failure, and the last wrong bytes, propagate unchanged.
     *
     * @param what names the bytes in logs: "blob sha256:ab… to ldn/team/app"
     */
    static <T> T fetch(String what, Duration pause, Supplier<T> fetch) {
        return new WrongBytes(what, pause).run(fetch);
    }

    /**
     * Bytes that did not hash to their digest on the way (our check, before the last byte: nothing committed), or a
     * destination's {@code DIGEST_INVALID} for an upload whose bytes we hashed right.
     */
    static boolean isWrongBytes(Throwable e) {
        if (e instanceof DigestMismatchException) {
            return true;
        }
        return e instanceof PermanentRegistryException p && p.status() == 400
                && p.errorCode().filter(c -> c == OciErrorCode.DIGEST_INVALID).isPresent();
    }

    private <T> T run(Supplier<T> fetch) {
        while (true) {
            try {
                fetches++;
                return fetch.get();
            } catch (RuntimeException e) {
                if (!fetchAgainAfter(e)) {
                    throw e;
                }
                LOG.info("{} arrived wrong ({}); fetching again ({} of at most {})", what, e.getMessage(),
                        fetches + 1, MAX_FETCHES);
                sleep();
            }
        }
    }

    private boolean fetchAgainAfter(RuntimeException e) {
        if (!isWrongBytes(e) || fetches >= MAX_FETCHES) {
            return false;
        }
        if (e instanceof DigestMismatchException mismatch && !wrongDigestsSeen.add(mismatch.actual())) {
            LOG.info("{} arrived with the same wrong bytes twice ({}): corrupt at the source, not on the way", what,
                    mismatch.actual().shortForm());
            return false;
        }
        return true;
    }

    private void sleep() {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted("waiting to fetch " + what + " again", e);
        }
    }
}
