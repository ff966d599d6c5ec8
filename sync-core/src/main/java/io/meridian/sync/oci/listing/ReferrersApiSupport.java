package io.meridian.sync.oci.listing;

import java.util.concurrent.TimeUnit;

/**
 * What one registry answered about the referrers API. The spec has a registry with the API answer 200 (an empty
 * index at worst), so a 404 means it has none: remembering that saves one request per artifact copied. The answer
 * is trusted for a while only, so a registry upgraded under a running Meridian is noticed.
 */
public final class ReferrersApiSupport {

    private static final long RECHECK_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** {@code System.nanoTime()} of the last 404 from the API, or null while the API is present or not yet asked. */
    private volatile Long missingSince;

    boolean knownMissing() {
        Long since = missingSince;
        return since != null && System.nanoTime() - since < RECHECK_AFTER_NANOS;
    }

    void answered404() {
        missingSince = System.nanoTime();
    }

    void answered200() {
        missingSince = null;
    }
}
