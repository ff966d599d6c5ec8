package io.meridian.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The console is served at {@code /} without a token, page paths fall back to {@code index.html},
 * and API, actuator and asset paths keep their own answers.
 */
class ConsoleServingTest extends ServerTestBase {

    @Test
    void servesTheConsoleAndItsPagesWithoutAToken() {
        for (String page : new String[] {"/", "/policies", "/policies/apps-to-london", "/executions/0c4d/x"}) {
            HttpResponse<String> response = getAnonymous(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(page).startsWith("text/html");
            assertThat(response.body()).as(page).contains("<div id=\"root\">");
        }
    }

    @Test
    void apiActuatorAndMissingAssetsDoNotFallBackToTheConsole() {
        assertThat(getAnonymous("/api/v1/policies").statusCode()).isEqualTo(401);
        HttpResponse<String> unknownApi = get("/api/v1/no-such-thing");
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(unknownApi.body()).doesNotContain("<div id=\"root\">");
        assertThat(get("/actuator/no-such-thing").statusCode()).isEqualTo(404);
        assertThat(getAnonymous("/assets/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(getAnonymous("/actuator/health").body()).contains("\"status\"");
        assertThat(getAnonymous("/v3/api-docs").body()).contains("/api/v1/executions/{id}/events").contains("/api/v1/me");
    }

    @Test
    void meSaysWhoTheTokenIsWithoutEchoingIt() {
        HttpResponse<String> me = get("/api/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"role\":\"admin\"").contains("\"name\":\"bootstrap-admin\"")
                .doesNotContain(ADMIN_TOKEN);
        assertThat(getAnonymous("/api/v1/me").statusCode()).isEqualTo(401);
    }
}
