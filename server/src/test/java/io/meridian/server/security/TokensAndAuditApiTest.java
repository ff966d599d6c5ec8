package io.meridian.server.security;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Issue 14: tokens answered once, stored hashed, expiring and revocable; every change audited without secrets. */
class TokensAndAuditApiTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);

    @Autowired
    JdbcClient jdbc;

    private HttpResponse<String> as(String token, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    void answersTheSecretOnceStoresItHashedHonoursExpiryAndRevocation() {
        String name = "ops-" + RUN;
        HttpResponse<String> created = postJson("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"operator\","
                + "\"expiresAt\":\"" + OffsetDateTime.now().plusDays(1) + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = json(created).get("token").asString();
        assertThat(secret).startsWith("mrd_");
        assertThat(json(as(secret, "/api/v1/me"))).isEqualTo(json("{\"name\":\"" + name + "\",\"role\":\"operator\","
                + "\"expiresAt\":" + json(created).get("expiresAt") + "}"));

        HttpResponse<String> list = get("/api/v1/tokens");
        assertThat(list.body()).contains(name).doesNotContain(secret).doesNotContain(ApiTokens.sha256Hex(secret));
        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE token_sha256 = ?").param(ApiTokens.sha256Hex(secret))
                .query(Long.class).single()).isEqualTo(1);
        problem(postJson("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}"), 409);

        jdbc.sql("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = ?").param(name).update();
        assertThat(as(secret, "/api/v1/me").statusCode()).as("expired").isEqualTo(401);
        jdbc.sql("UPDATE api_tokens SET expires_at = NULL WHERE name = ?").param(name).update();
        assertThat(as(secret, "/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(delete("/api/v1/tokens/" + name).statusCode()).isEqualTo(204);
        assertThat(as(secret, "/api/v1/me").statusCode()).as("revoked").isEqualTo(401);
        problem(delete("/api/v1/tokens/" + name), 404);
    }

    @Test
    void refusesBadTokenRequestsNamingEveryField() {
        HttpResponse<String> bad = postJson("/api/v1/tokens", "{\"name\":\"Bad Name\",\"role\":\"root\","
                + "\"expiresAt\":\"2001-01-01T00:00:00Z\",\"registry\":\"x\"}");
        assertThat(errorFields(bad)).containsExactly("name", "role", "expiresAt");
        assertThat(errorFields(postJson("/api/v1/tokens", "{\"name\":\"hook-" + RUN + "\",\"role\":\"webhook\"}")))
                .containsExactly("registry");
        assertThat(errorFields(postJson("/api/v1/tokens", "{\"name\":\"hook-" + RUN + "\",\"role\":\"webhook\","
                + "\"registry\":\"none-" + RUN + "\"}"))).containsExactly("registry");
        assertThat(errorFields(postJson("/api/v1/tokens", "{\"name\":\"v-" + RUN + "\",\"role\":\"viewer\","
                + "\"registry\":\"x\"}"))).containsExactly("registry");
    }

    @Test
    void auditsEveryChangeWithBeforeAndAfterAndNoSecret() {
        String region = "aud-" + RUN;
        postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        String registry = "aud-reg-" + RUN;
        String password = "Sup3r-secret-pa55word-" + RUN;
        assertThat(postJson("/api/v1/registries", "{\"name\":\"" + registry + "\",\"region\":\"" + region
                + "\",\"url\":\"http://127.0.0.1:9\",\"insecure\":true,\"username\":\"u\",\"password\":\"" + password + "\"}")
                .statusCode()).isEqualTo(201);
        String policy = "aud-pol-" + RUN;
        String body = "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\"" + registry + "\",\"repositories\":[\"a\"]},"
                + "\"destinations\":[{\"registry\":\"" + registry + "\",\"namespace\":\"m\"}]}";
        assertThat(postJson("/api/v1/policies", body).statusCode()).isEqualTo(201);
        assertThat(putJson("/api/v1/policies/" + policy, body.replace("\"m\"", "\"n\"")).statusCode()).isEqualTo(200);
        HttpResponse<String> token = postJson("/api/v1/tokens", "{\"name\":\"aud-tok-" + RUN + "\",\"role\":\"viewer\"}");
        String secret = json(token).get("token").asString();

        JsonNode policies = json(get("/api/v1/audit?kind=policy&size=500"));
        JsonNode update = find(policies, "policy.update", policy);
        assertThat(update.get("actor").asString()).isEqualTo("bootstrap-admin");
        assertThat(update.get("before").get("destinations").get(0).get("namespace").asString()).isEqualTo("m");
        assertThat(update.get("after").get("destinations").get(0).get("namespace").asString()).isEqualTo("n");
        assertThat(policies.get("items").valueStream().allMatch(e -> e.get("kind").asString().equals("policy"))).isTrue();

        JsonNode tokens = json(get("/api/v1/audit?kind=token&size=500"));
        assertThat(find(tokens, "token.create", "aud-tok-" + RUN).get("after").get("role").asString()).isEqualTo("viewer");
        HttpResponse<String> everything = get("/api/v1/audit?size=500");
        assertThat(everything.body()).doesNotContain(secret).doesNotContain(password);
        assertThat(json(everything).get("total").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(json(get("/api/v1/audit?page=0&size=2")).get("items").size()).isEqualTo(2);
        assertThat(errorFields(get("/api/v1/audit?size=0"))).containsExactly("size");
        assertThat(as(secret, "/api/v1/audit").statusCode()).as("a viewer may not read the audit").isEqualTo(403);
    }

    private static JsonNode find(JsonNode page, String action, String target) {
        return page.get("items").valueStream()
                .filter(e -> e.get("action").asString().equals(action) && e.get("target").asString().equals(target))
                .findFirst().orElseThrow(() -> new AssertionError(action + " " + target + " not in " + page));
    }
}
