package io.meridian.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 from the security filter chain, and 400 for a request the firewall rejects (a path with
 * {@code ..}, {@code ;}, an encoded slash…), as RFC 9457 problem+json.
 */
public final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented
                ? "Bearer realm=\"meridian\", error=\"invalid_token\"" : "Bearer realm=\"meridian\"");
        write(request, response, HttpStatus.UNAUTHORIZED, presented
                ? "The bearer token is unknown, malformed, revoked or expired."
                : "This endpoint needs an 'Authorization: Bearer <token>' header.", "Authorization", null);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        var refusal = auth != null && auth.getPrincipal() instanceof TokenOwner owner
                ? AccessRules.refusal(request, owner) : java.util.Optional.<AccessRules.Refusal>empty();
        write(request, response, HttpStatus.FORBIDDEN, refusal.map(AccessRules.Refusal::detail)
                        .orElse("This token may not perform this operation."), "Authorization",
                refusal.map(AccessRules.Refusal::requiredRole).orElse(null));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, "The request path is not allowed: " + e.getMessage(), "path",
                null);
    }

    /** @param requiredRole for a 403: the role the token lacks ({@code requiredRole} in the problem) */
    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
            String field, String requiredRole) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.put("field", field);
        body.put("errors", List.of(Map.of("field", field, "reason", detail)));
        if (requiredRole != null) {
            body.put("requiredRole", requiredRole);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
