package io.meridian.sync.oci;

import java.time.Instant;

/** A registry token issued for exactly one scope set, to hand to someone else. {@code toString()} hides it. */
public record ScopedToken(String value, Instant expiresAt) {

    /** The {@code Authorization} header value that carries it. */
    public String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ScopedToken[***, expiresAt=" + expiresAt + "]";
    }
}
