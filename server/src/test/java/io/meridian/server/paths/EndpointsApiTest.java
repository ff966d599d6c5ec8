package io.meridian.server.paths;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Registry endpoints through the REST API: stored and shown, bad ones refused naming the field path (SSRF guard
 * on urls and proxies included), and {@code GET /registries/{name}/endpoints} with usability from this node (no
 * region here: a {@code reachableFrom} endpoint is not usable).
 */
class EndpointsApiTest extends ServerTestBase {

    @Test
    void endpointsAreStoredShownAndReportedWithTheirUsability() {
        assertThat(postJson("/api/v1/regions", "{\"name\":\"ep-hz\",\"nodes\":800,\"originBandwidthMbps\":10000}")
                .statusCode()).isEqualTo(201);
        assertThat(get("/api/v1/regions/ep-hz").body()).contains("\"nodes\":800").contains("\"originBandwidthMbps\":10000");
        HttpResponse<String> created = postJson("/api/v1/registries", """
                {"name":"ep-reg","region":"ep-hz","url":"http://127.0.0.1:5998","insecure":true,
                 "endpoints":[{"name":"vpc","url":"http://127.0.0.1:5997","kind":"vpc","reachableFrom":["ep-hz"]},
                              {"name":"acc","url":"http://127.0.0.1:5996","kind":"accelerated",
                               "proxy":"http://127.0.0.1:3128"}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"name\":\"vpc\"").contains("\"reachableFrom\":[\"ep-hz\"]")
                .contains("\"proxy\":\"http://127.0.0.1:3128\"");

        HttpResponse<String> endpoints = get("/api/v1/registries/ep-reg/endpoints");
        assertThat(endpoints.statusCode()).as(endpoints.body()).isEqualTo(200);
        assertThat(endpoints.body()).contains("\"name\":\"default\"").contains("\"breaker\":\"CLOSED\"")
                .contains("\"samples\":0").contains("\"rttMs\":null");
        assertThat(endpoints.body().replace(" ", "")).contains("\"name\":\"vpc\"")
                .containsPattern("\"name\":\"vpc\"[^}]*\"usable\":false")
                .containsPattern("\"name\":\"acc\"[^}]*\"usable\":true");
    }

    @Test
    void badEndpointsAreRefusedNamingTheFieldPath() {
        assertThat(postJson("/api/v1/regions", "{\"name\":\"ep-bad\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> bad = postJson("/api/v1/registries", """
                {"name":"ep-bad-reg","region":"ep-bad","url":"https://reg.example",
                 "endpoints":[{"name":"ok","url":"https://a.example","kind":"public"},
                              {"name":"ok","url":"http://169.254.169.254","kind":"fast"},
                              {"name":"p","url":"https://b.example","kind":"vpc","proxy":"http://169.254.169.254:80"}]}""");
        assertThat(errorFields(bad)).containsExactlyInAnyOrder("endpoints[1].kind", "endpoints[1].url",
                "endpoints[2].proxy");
        assertThat(reason(bad, "endpoints[2].proxy")).contains("refused");
        assertThat(get("/api/v1/registries/ep-bad-reg").statusCode()).as("nothing stored").isEqualTo(404);
    }
}
