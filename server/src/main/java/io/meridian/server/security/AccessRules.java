package io.meridian.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role each API route needs: one explicit rule per route (method + path pattern), first
 * match wins. A route under {@code /api/} without a rule needs {@code admin} (safe by default),
 * and {@code AccessRulesTest} fails for any route without an explicit rule. A webhook token may
 * only post to {@code /api/v1/webhooks/registries/{registry}} for its own registry.
 */
public final class AccessRules implements AuthorizationManager<RequestAuthorizationContext> {

    /** One route's requirement; {@code role} null: any valid token (e.g. {@code GET /api/v1/me}). */
    public record Rule(HttpMethod method, String pattern, Role role) {
    }

    /** Why a request was refused, for the 403 problem. */
    public record Refusal(String requiredRole, String detail) {
    }

    static final String WEBHOOK_ROUTE = "/api/v1/webhooks/registries/{registry}";

    private static final List<Rule> RULES = List.of(
            rule("GET", "/api/v1/me", null),
            rule("GET", "/api/v1/tokens", Role.ADMIN),
            rule("POST", "/api/v1/tokens", Role.ADMIN),
            rule("DELETE", "/api/v1/tokens/{name}", Role.ADMIN),
            rule("GET", "/api/v1/audit", Role.ADMIN),
            rule("POST", WEBHOOK_ROUTE, Role.WEBHOOK),
            // operators edit policies and run them
            rule("POST", "/api/v1/policies", Role.OPERATOR),
            rule("PUT", "/api/v1/policies/{name}", Role.OPERATOR),
            rule("DELETE", "/api/v1/policies/{name}", Role.OPERATOR),
            rule("POST", "/api/v1/policies/{name}/executions", Role.OPERATOR),
            // a preview reads registries on the caller's behalf, as a run would
            rule("POST", "/api/v1/policies/preview", Role.OPERATOR),
            rule("POST", "/api/v1/policies/{name}/preview", Role.OPERATOR),
            rule("POST", "/api/v1/executions/{id}/stop", Role.OPERATOR),
            // viewers read
            rule("GET", "/api/v1/policies", Role.VIEWER),
            rule("GET", "/api/v1/policies/{name}", Role.VIEWER),
            rule("GET", "/api/v1/policies/{name}/versions", Role.VIEWER),
            rule("GET", "/api/v1/policies/{name}/versions/{version}", Role.VIEWER),
            rule("GET", "/api/v1/policies/{name}/schedule", Role.VIEWER),
            rule("GET", "/api/v1/executions", Role.VIEWER),
            rule("GET", "/api/v1/executions/{id}", Role.VIEWER),
            rule("GET", "/api/v1/executions/{id}/tasks", Role.VIEWER),
            rule("GET", "/api/v1/executions/{id}/events", Role.VIEWER),
            rule("GET", "/api/v1/regions", Role.VIEWER),
            rule("GET", "/api/v1/regions/{name}", Role.VIEWER),
            rule("GET", "/api/v1/region-links", Role.VIEWER),
            rule("GET", "/api/v1/region-links/route", Role.VIEWER),
            rule("GET", "/api/v1/region-links/fan-out", Role.VIEWER),
            rule("GET", "/api/v1/registries", Role.VIEWER),
            rule("GET", "/api/v1/registries/{name}", Role.VIEWER),
            rule("GET", "/api/v1/registries/{name}/health", Role.VIEWER),
            rule("GET", "/api/v1/registries/{name}/endpoints", Role.VIEWER),
            rule("GET", "/api/v1/notifications", Role.VIEWER),
            rule("GET", "/api/v1/notifications/{name}", Role.VIEWER),
            rule("GET", "/api/v1/notifications/{name}/deliveries", Role.VIEWER),
            rule("GET", "/api/v1/p2p-engines", Role.VIEWER),
            rule("GET", "/api/v1/p2p-engines/{name}", Role.VIEWER),
            rule("GET", "/api/v1/p2p-engines/{name}/health", Role.VIEWER),
            rule("GET", "/api/v1/regions/{name}/p2p/installer", Role.VIEWER),
            rule("GET", "/api/v1/regions/{name}/p2p/ca.pem", Role.VIEWER),
            rule("GET", "/api/v1/executions/{id}/p2p-estimate", Role.VIEWER),
            // administrators change the topology
            rule("POST", "/api/v1/regions", Role.ADMIN),
            rule("PUT", "/api/v1/regions/{name}", Role.ADMIN),
            rule("DELETE", "/api/v1/regions/{name}", Role.ADMIN),
            rule("PUT", "/api/v1/region-links/{from}/{to}", Role.ADMIN),
            rule("DELETE", "/api/v1/region-links/{from}/{to}", Role.ADMIN),
            rule("POST", "/api/v1/registries", Role.ADMIN),
            rule("PUT", "/api/v1/registries/{name}", Role.ADMIN),
            rule("DELETE", "/api/v1/registries/{name}", Role.ADMIN),
            // ... and where Meridian calls out to (a notification's URL and signing secret)
            rule("POST", "/api/v1/notifications", Role.ADMIN),
            rule("DELETE", "/api/v1/notifications/{name}", Role.ADMIN),
            rule("POST", "/api/v1/p2p-engines", Role.ADMIN),
            rule("DELETE", "/api/v1/p2p-engines/{name}", Role.ADMIN),
            // metrics (Prometheus scrapes with a viewer token)
            rule("GET", "/actuator/**", Role.VIEWER));

    private static final Map<String, PathPattern> COMPILED = compile();

    private static Map<String, PathPattern> compile() {
        Map<String, PathPattern> compiled = new java.util.HashMap<>();
        RULES.forEach(r -> compiled.put(r.pattern(), PathPatternParser.defaultInstance.parse(r.pattern())));
        compiled.put(WEBHOOK_ROUTE, PathPatternParser.defaultInstance.parse(WEBHOOK_ROUTE));
        return Map.copyOf(compiled);
    }

    private static Rule rule(String method, String pattern, Role role) {
        return new Rule(HttpMethod.valueOf(method), pattern, role);
    }

    public static List<Rule> rules() {
        return RULES;
    }

    /** The explicit rule for {@code method} on the concrete {@code path}, if any. */
    public static Optional<Rule> ruleFor(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : RULES) {
            if (rule.method().equals(method) && parse(rule.pattern()).matches(container)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static PathPattern parse(String pattern) {
        return COMPILED.get(pattern);
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? uri : uri.substring(context.length());
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Authentication auth = authentication.get();
        if (auth == null || !(auth.getPrincipal() instanceof TokenOwner owner)) {
            return new AuthorizationDecision(false); // anonymous: the entry point answers 401
        }
        return new AuthorizationDecision(refusal(context.getRequest(), owner).isEmpty());
    }

    /** Empty when {@code owner} may make {@code request}; else the role it lacks and why. */
    public static Optional<Refusal> refusal(HttpServletRequest request, TokenOwner owner) {
        String path = path(request);
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        Optional<Rule> rule = ruleFor(method, path);
        if (rule.isPresent() && rule.get().role() == null) {
            return Optional.empty(); // any valid token
        }
        Role required = rule.map(Rule::role).orElse(path.startsWith("/api/") ? Role.ADMIN : Role.VIEWER);
        if (!owner.role().covers(required)) {
            return Optional.of(new Refusal(required.value(), method + " " + path + " needs role '" + required.value()
                    + "'" + (required == Role.WEBHOOK ? " (or admin)" : "") + "; token '" + owner.name()
                    + "' has role '" + owner.role().value() + "'"));
        }
        if (required == Role.WEBHOOK && owner.role() == Role.WEBHOOK) {
            PathPattern.PathMatchInfo match = parse(WEBHOOK_ROUTE).matchAndExtract(PathContainer.parsePath(path));
            String registry = match == null ? null : match.getUriVariables().get("registry");
            if (registry == null || !registry.equals(owner.registry())) {
                return Optional.of(new Refusal(Role.WEBHOOK.value(), "webhook token '" + owner.name()
                        + "' may only post notifications of registry '" + owner.registry() + "'"));
            }
        }
        return Optional.empty();
    }
}
