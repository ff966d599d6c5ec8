package io.meridian.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the hashed {@code api_tokens}.
 * An absent, unknown, revoked or expired token leaves the request anonymous; the authorization rules and the
 * entry point then answer 401 for protected paths. The token is never logged.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;

    public BearerTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            if (!token.isEmpty() && token.length() <= 512) {
                tokens.authenticate(token).ifPresent(owner -> {
                    // the principal is the TokenOwner (role, webhook registry): AccessRules decides with it
                    var auth = UsernamePasswordAuthenticationToken.authenticated(owner, null,
                            List.of(new SimpleGrantedAuthority("ROLE_" + owner.role().name())));
                    SecurityContextHolder.getContext().setAuthentication(auth);
                });
            }
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
