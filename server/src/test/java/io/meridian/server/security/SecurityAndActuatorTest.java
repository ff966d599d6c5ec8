package io.meridian.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.jdbc.core.simple.JdbcClient;

class SecurityAndActuatorTest extends ServerTestBase {

    @Test
    void healthIsOpenAndUpWithADatabaseComponent() {
        HttpResponse<String> r = getAnonymous("/actuator/health");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"db\"");
    }

    @Test
    void apiWithoutTokenIs401ProblemJson() {
        HttpResponse<String> r = getAnonymous("/api/v1/anything");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"meridian\"");
        assertThat(r.body()).contains("\"status\":401").contains("\"field\":\"Authorization\"");
    }

    @Test
    void apiWithAWrongTokenIs401AndDoesNotEchoIt() {
        String wrong = "not-the-token-" + System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/anything"))
                .header("Authorization", "Bearer " + wrong).GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(r.body()).doesNotContain(wrong);
    }

    @Test
    void apiWithTheAdminTokenPassesSecurity() {
        HttpResponse<String> r = get("/api/v1/no-such-endpoint");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void prometheusNeedsATokenAndServesMeters() {
        assertThat(getAnonymous("/actuator/prometheus").statusCode()).isEqualTo(401);
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void infoIsOpen() {
        HttpResponse<String> r = getAnonymous("/actuator/info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Meridian");
    }

    @Test
    void openApiAndSwaggerUiAreOpen() {
        HttpResponse<String> docs = getAnonymous("/v3/api-docs");
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\"").contains("Meridian API").contains("bearer");
        HttpResponse<String> ui = getAnonymous("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Autowired
    ApplicationContext context;

    @Test
    void noDefaultUserWithALoggedPasswordExists() {
        // Boot's fallback in-memory user logs its generated password: it must stay excluded.
        assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
    }

    @Test
    void theAdminTokenIsStoredOnlyAsAHash() {
        assertThat(JdbcClient.create(DB.dataSource()).sql("select token_sha256 from api_tokens where revoked_at is null")
                .query(String.class).list())
                .contains(ApiTokens.sha256Hex(ADMIN_TOKEN))
                .doesNotContain(ADMIN_TOKEN);
    }
}
