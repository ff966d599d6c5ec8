package io.meridian.sync.p2p;

import java.time.Instant;
import java.util.Optional;

/**
 * What the engine sends to the registry to read the image: an {@code Authorization} header value (a short-lived,
 * {@code repository:<repo>:pull} token), or none for a registry that needs no credential or only offers Basic auth
 * (Meridian never hands over the registry password). {@code toString()} hides the value.
 */
public record PullCredential(Optional<String> authorization, Instant expiresAt) {

    public PullCredential {
        authorization = authorization == null ? Optional.empty() : authorization;
    }

    public static PullCredential none() {
        return new PullCredential(Optional.empty(), null);
    }

    @Override
    public String toString() {
        return "PullCredential[" + (authorization.isPresent() ? "***, expires " + expiresAt : "none") + "]";
    }
}
