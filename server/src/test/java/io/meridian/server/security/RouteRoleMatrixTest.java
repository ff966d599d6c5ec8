package io.meridian.server.security;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every API route × every role, table-driven. The routes come from Spring's handler mapping, so
 * a new route that this table (and {@link AccessRules}) does not list fails
 * {@link #everyRouteHasAnExpectation()}. The table is written here independently of AccessRules.
 */
class RouteRoleMatrixTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);
    private static final String ANY = "any";

    /** "METHOD pattern" → the least role that may call it (admin may call everything). */
    private static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /api/v1/me", ANY),
            Map.entry("GET /api/v1/tokens", "admin"),
            Map.entry("POST /api/v1/tokens", "admin"),
            Map.entry("DELETE /api/v1/tokens/{name}", "admin"),
            Map.entry("GET /api/v1/audit", "admin"),
            Map.entry("POST /api/v1/webhooks/registries/{registry}", "webhook"),
            Map.entry("POST /api/v1/policies", "operator"),
            Map.entry("PUT /api/v1/policies/{name}", "operator"),
            Map.entry("DELETE /api/v1/policies/{name}", "operator"),
            Map.entry("POST /api/v1/policies/{name}/executions", "operator"),
            Map.entry("POST /api/v1/policies/preview", "operator"),
            Map.entry("POST /api/v1/policies/{name}/preview", "operator"),
            Map.entry("POST /api/v1/executions/{id}/stop", "operator"),
            Map.entry("GET /api/v1/policies", "viewer"),
            Map.entry("GET /api/v1/policies/{name}", "viewer"),
            Map.entry("GET /api/v1/policies/{name}/versions", "viewer"),
            Map.entry("GET /api/v1/policies/{name}/versions/{version}", "viewer"),
            Map.entry("GET /api/v1/policies/{name}/schedule", "viewer"),
            Map.entry("GET /api/v1/executions", "viewer"),
            Map.entry("GET /api/v1/executions/{id}", "viewer"),
            Map.entry("GET /api/v1/executions/{id}/tasks", "viewer"),
            Map.entry("GET /api/v1/executions/{id}/events", "viewer"),
            Map.entry("GET /api/v1/regions", "viewer"),
            Map.entry("GET /api/v1/regions/{name}", "viewer"),
            Map.entry("GET /api/v1/region-links", "viewer"),
            Map.entry("GET /api/v1/region-links/route", "viewer"),
            Map.entry("GET /api/v1/region-links/fan-out", "viewer"),
            Map.entry("GET /api/v1/registries", "viewer"),
            Map.entry("GET /api/v1/registries/{name}", "viewer"),
            Map.entry("GET /api/v1/registries/{name}/health", "viewer"),
            Map.entry("GET /api/v1/registries/{name}/endpoints", "viewer"),
            Map.entry("GET /api/v1/p2p-engines", "viewer"),
            Map.entry("GET /api/v1/p2p-engines/{name}", "viewer"),
            Map.entry("GET /api/v1/p2p-engines/{name}/health", "viewer"),
            Map.entry("GET /api/v1/regions/{name}/p2p/installer", "viewer"),
            Map.entry("GET /api/v1/regions/{name}/p2p/ca.pem", "viewer"),
            Map.entry("GET /api/v1/executions/{id}/p2p-estimate", "viewer"),
            Map.entry("POST /api/v1/p2p-engines", "admin"),
            Map.entry("DELETE /api/v1/p2p-engines/{name}", "admin"),
            Map.entry("POST /api/v1/regions", "admin"),
            Map.entry("PUT /api/v1/regions/{name}", "admin"),
            Map.entry("DELETE /api/v1/regions/{name}", "admin"),
            Map.entry("PUT /api/v1/region-links/{from}/{to}", "admin"),
            Map.entry("DELETE /api/v1/region-links/{from}/{to}", "admin"),
            Map.entry("POST /api/v1/registries", "admin"),
            Map.entry("PUT /api/v1/registries/{name}", "admin"),
            Map.entry("DELETE /api/v1/registries/{name}", "admin"),
            Map.entry("GET /api/v1/notifications", "viewer"),
            Map.entry("GET /api/v1/notifications/{name}", "viewer"),
            Map.entry("GET /api/v1/notifications/{name}/deliveries", "viewer"),
            Map.entry("POST /api/v1/notifications", "admin"),
            Map.entry("DELETE /api/v1/notifications/{name}", "admin")));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    // static: JUnit makes an instance per test, the tokens are made once per class
    private static final Map<String, String> tokens = new TreeMap<>();
    private static String hookRegistry;
    private static String otherRegistry;

    @BeforeEach
    void tokensForEveryRole() {
        if (!tokens.isEmpty()) {
            return;
        }
        String region = "rbac-" + RUN;
        postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        hookRegistry = "rbac-hook-" + RUN;
        otherRegistry = "rbac-other-" + RUN;
        for (String name : List.of(hookRegistry, otherRegistry)) {
            HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                    + "\",\"url\":\"http://127.0.0.1:9\",\"insecure\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        for (String role : List.of("admin", "operator", "viewer", "webhook")) {
            String body = "{\"name\":\"rbac-" + role + "-" + RUN + "\",\"role\":\"" + role + "\""
                    + (role.equals("webhook") ? ",\"registry\":\"" + hookRegistry + "\"" : "") + "}";
            HttpResponse<String> created = postJson("/api/v1/tokens", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            tokens.put(role, json(created).get("token").asString());
        }
    }

    private TreeSet<String> apiRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        for (var handler : mapping.getHandlerMethods().entrySet()) {
            if (testOnly(handler.getValue().getBeanType())) {
                continue; // probes that exist only on the test classpath (ProblemProbeController)
            }
            RequestMappingInfo info = handler.getKey();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    routes.add(method.name() + " " + pattern);
                }
            }
        }
        return routes;
    }

    @Test
    void everyRouteHasAnExpectation() {
        assertThat(apiRoutes()).as("routes without a row in this table (add one, and a rule in AccessRules)")
                .isEqualTo(EXPECTED.keySet());
        for (String route : EXPECTED.keySet()) {
            String[] parts = route.split(" ", 2);
            assertThat(AccessRules.ruleFor(org.springframework.http.HttpMethod.valueOf(parts[0]), concrete(parts[1])))
                    .as("an explicit AccessRules rule for " + route).isPresent();
        }
    }

    @Test
    void everyRoleIsAllowedOrRefusedAsTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> row : EXPECTED.entrySet()) {
            String[] parts = row.getKey().split(" ", 2);
            String path = concrete(parts[1]);
            HttpResponse<String> anonymous = send(request(parts[0], path, null));
            if (anonymous.statusCode() != 401) {
                mismatches.add(row.getKey() + " anonymous: " + anonymous.statusCode());
            }
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                String role = token.getKey();
                HttpResponse<String> r = send(request(parts[0], path, token.getValue()));
                boolean allowed = allowed(role, row.getValue());
                if (allowed && (r.statusCode() == 401 || r.statusCode() == 403)) {
                    mismatches.add(row.getKey() + " as " + role + ": expected allowed, got " + r.statusCode() + " " + r.body());
                } else if (!allowed) {
                    if (r.statusCode() != 403) {
                        mismatches.add(row.getKey() + " as " + role + ": expected 403, got " + r.statusCode());
                    } else {
                        JsonNode problem = json(r);
                        if (!row.getValue().equals(problem.path("requiredRole").asString())
                                || !problem.path("detail").asString().contains("'" + row.getValue() + "'")) {
                            mismatches.add(row.getKey() + " as " + role + ": 403 does not name role " + row.getValue()
                                    + ": " + r.body());
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aWebhookTokenPostsOnlyItsOwnRegistrysNotifications() {
        HttpResponse<String> own = send(request("POST", "/api/v1/webhooks/registries/" + hookRegistry, tokens.get("webhook")));
        assertThat(own.statusCode()).as(own.body()).isNotIn(401, 403);
        HttpResponse<String> other = send(request("POST", "/api/v1/webhooks/registries/" + otherRegistry, tokens.get("webhook")));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(json(other).get("detail").asString()).contains("may only post notifications of registry '"
                + hookRegistry + "'");
        assertThat(json(send(request("GET", "/api/v1/me", tokens.get("webhook")))))
                .isEqualTo(json("{\"name\":\"rbac-webhook-" + RUN + "\",\"role\":\"webhook\",\"registry\":\"" + hookRegistry + "\"}"));
    }

    private static boolean testOnly(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().toString().contains("/test-classes/");
    }

    private static boolean allowed(String role, String required) {
        return switch (required) {
            case ANY -> true;
            case "admin" -> role.equals("admin");
            case "operator" -> role.equals("admin") || role.equals("operator");
            case "viewer" -> role.equals("admin") || role.equals("operator") || role.equals("viewer");
            case "webhook" -> role.equals("admin") || role.equals("webhook");
            default -> throw new IllegalArgumentException(required);
        };
    }

    /** Pattern variables filled with harmless values: nothing the requests could change exists. */
    private String concrete(String pattern) {
        return pattern.replace("{id}", UUID.randomUUID().toString()).replace("{version}", "1")
                .replace("{registry}", hookRegistry == null ? "rbac-none" : hookRegistry)
                .replaceAll("\\{[a-z]+}", "rbac-absent-" + RUN);
    }

    private HttpRequest request(String method, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("");
        return b.method(method, body).build();
    }
}
