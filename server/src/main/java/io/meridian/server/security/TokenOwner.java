package io.meridian.server.security;

import java.time.OffsetDateTime;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who a valid token belongs to: the principal of an authenticated request.
 *
 * @param registry for a webhook token, the registry whose notifications it may post; else null
 */
public record TokenOwner(long id, String name, Role role, String registry, OffsetDateTime expiresAt)
        implements AuthenticatedPrincipal {

    @Override
    public String getName() {
        return name;
    }
}
