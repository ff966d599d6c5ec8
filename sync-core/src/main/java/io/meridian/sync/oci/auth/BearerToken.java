package io.meridian.sync.oci.auth;

import java.time.Instant;

/** A registry token and when to stop using it. {@code toString()} hides the token. */
record BearerToken(String value, Instant refreshAt) {

    public boolean isFresh(Instant now) {
        return now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
        return "BearerToken[***, refreshAt=" + refreshAt + "]";
    }
}
