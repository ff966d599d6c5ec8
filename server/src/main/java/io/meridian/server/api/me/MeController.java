package io.meridian.server.api.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.server.security.TokenOwner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the presented token belongs to, so a client (the console) can show
 * the role it acts with and hide what that role may not do. Never echoes the token.
 */
@RestController
@Tag(name = "me")
public class MeController {

    /**
     * {@code {"name":"bootstrap-admin","role":"admin"}}; a webhook token adds {@code registry}, a
     * token with an expiry {@code expiresAt} (issue 14).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(String name, String role, String registry, OffsetDateTime expiresAt) {
    }

    @Operation(summary = "The name and role of the token in the Authorization header")
    @GetMapping("/api/v1/me")
    public Me me(Authentication authentication) {
        String role = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5).toLowerCase(Locale.ROOT))
                .findFirst().orElse("unknown");
        TokenOwner owner = authentication.getPrincipal() instanceof TokenOwner o ? o : null;
        return new Me(authentication.getName(), role, owner == null ? null : owner.registry(),
                owner == null ? null : owner.expiresAt());
    }
}
