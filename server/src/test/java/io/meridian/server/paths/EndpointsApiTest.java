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

    @org.springframework.beans.factory.annotation.Autowired
    org.quartz.Scheduler scheduler;

    @Test
    void endpointsAreStoredShownAndReportedWithTheirUsability() throws Exception {
        String region = unique("ep-hz");
        String registry = unique("ep-reg");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\",\"nodes\":800,\"originBandwidthMbps\":10000}")
                .statusCode()).isEqualTo(201);
        assertThat(get("/api/v1/regions/" + region).body()).contains("\"nodes\":800").contains("\"originBandwidthMbps\":10000");
        HttpResponse<String> created = postJson("/api/v1/registries", """
                {"name":"%s","region":"%s","url":"http://127.0.0.1:5998","insecure":true,
                 "endpoints":[{"name":"vpc","url":"http://127.0.0.1:5997","kind":"vpc","reachableFrom":["%s"]},
                              {"name":"acc","url":"http://127.0.0.1:5996","kind":"accelerated",
                               "proxy":"http://127.0.0.1:3128"}]}""".formatted(registry, region, region));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"name\":\"vpc\"").contains("\"reachableFrom\":[\"" + region + "\"]")
                .contains("\"proxy\":\"http://127.0.0.1:3128\"");

        HttpResponse<String> endpoints = get("/api/v1/registries/" + registry + "/endpoints");
        assertThat(endpoints.statusCode()).as(endpoints.body()).isEqualTo(200);
        assertThat(endpoints.body()).contains("\"name\":\"default\"").contains("\"breaker\":\"CLOSED\"")
                .contains("\"samples\":0").contains("\"rttMs\":null");
        assertThat(endpoints.body().replace(" ", "")).contains("\"name\":\"vpc\"")
                .containsPattern("\"name\":\"vpc\"[^}]*\"usable\":false")
                .containsPattern("\"name\":\"acc\"[^}]*\"usable\":true");

        // the scheduled probe, fired now: the endpoint this node may use is probed (it is down here: an error, but
        // probed), the one of another region is not
        scheduler.triggerJob(PathsConfiguration.PROBE);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String after = get("/api/v1/registries/" + registry + "/endpoints").body().replace(" ", "");
        while (!after.matches("(?s).*\"name\":\"acc\"[^}]*\"lastProbeAt\":\"[^\"]+\".*")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = get("/api/v1/registries/" + registry + "/endpoints").body().replace(" ", "");
        }
        assertThat(after).containsPattern("\"name\":\"acc\"[^}]*\"lastProbeAt\":\"[^\"]+\"")
                .containsPattern("\"name\":\"vpc\"[^}]*\"lastProbeAt\":null");
    }

    @Test
    void badEndpointsAreRefusedNamingTheFieldPath() {
        String region = unique("ep-bad");
        String registry = unique("ep-bad-reg");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> bad = postJson("/api/v1/registries", """
                {"name":"%s","region":"%s","url":"https://reg.example",
                 "endpoints":[{"name":"ok","url":"https://a.example","kind":"public"},
                              {"name":"ok","url":"http://169.254.169.254","kind":"fast"},
                              {"name":"p","url":"https://b.example","kind":"vpc","proxy":"http://169.254.169.254:80"}]}\
                """.formatted(registry, region));
        assertThat(errorFields(bad)).containsExactlyInAnyOrder("endpoints[1].kind", "endpoints[1].url",
                "endpoints[2].proxy");
        assertThat(reason(bad, "endpoints[2].proxy")).contains("refused");
        assertThat(get("/api/v1/registries/" + registry).statusCode()).as("nothing stored").isEqualTo(404);
    }
}
