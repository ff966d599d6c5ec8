package io.meridian.server.api.regions;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class RegionLinksApiTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);
    private static int seq;

    @Autowired
    JdbcClient jdbc;

    private String hz;
    private String sg;
    private String fra;
    private String ldn;

    @BeforeEach
    void world() {
        seq++;
        hz = region("hz");
        sg = region("sg");
        fra = region("fra");
        ldn = region("ldn");
        link(hz, sg, 35, 2000, 0.08);
        link(sg, fra, 80, 5000, 0.05);
        link(hz, fra, 180, 300, 0.02);
        link(fra, ldn, 8, 10000, 0.01);
    }

    @Test
    void relaysThroughFasterRegionsForLatencyAndGoesDirectForCost() {
        JsonNode fastest = json(get("/api/v1/region-links/route?from=" + hz + "&to=" + ldn));
        assertThat(strings(fastest.get("regions"))).containsExactly(hz, sg, fra, ldn);
        assertThat(strings(fastest.get("relays"))).containsExactly(sg, fra);
        assertThat(fastest.get("weight").asDouble()).isEqualTo(123.0);
        assertThat(fastest.get("links").get(0).get("latencyMs").asDouble()).isEqualTo(35.0);

        JsonNode cheapest = json(get("/api/v1/region-links/route?from=" + hz + "&to=" + fra + "&weighting=cost"));
        assertThat(strings(cheapest.get("regions"))).containsExactly(hz, fra);

        JsonNode big = json(get("/api/v1/region-links/route?from=" + hz + "&to=" + fra + "&weighting=transfer&bytes=536870912"));
        assertThat(strings(big.get("relays"))).containsExactly(sg);
    }

    @Test
    void fanOutCrossesEachLinkOnce() {
        JsonNode tree = json(get("/api/v1/region-links/fan-out?from=" + hz + "&to=" + fra + "&to=" + ldn));
        List<String> links = new ArrayList<>();
        tree.get("links").forEach(l -> links.add(l.get("from").asString() + ">" + l.get("to").asString()));
        assertThat(links).containsExactly(hz + ">" + sg, sg + ">" + fra, fra + ">" + ldn);
        assertThat(strings(tree.get("destinations"))).containsExactlyInAnyOrder(fra, ldn);
        assertThat(strings(tree.get("relays"))).containsExactly(sg);
        assertThat(tree.get("unreachable").isEmpty()).isTrue();
    }

    @Test
    void replacingAndDeletingLinksChangesTheRoute() {
        link(hz, sg, 500, 2000, 0.08); // the relay got slow: PUT replaces
        assertThat(strings(json(get("/api/v1/region-links/route?from=" + hz + "&to=" + fra)).get("regions")))
                .containsExactly(hz, fra);
        assertThat(delete("/api/v1/region-links/" + hz + "/" + fra).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/region-links/" + fra + "/" + hz).statusCode()).isEqualTo(404);
        assertThat(strings(json(get("/api/v1/region-links/route?from=" + hz + "&to=" + fra)).get("regions")))
                .containsExactly(hz, sg, fra);
        problem(get("/api/v1/region-links/route?from=" + ldn + "&to=" + hz), 404);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target = :t ORDER BY id").param("t", hz + "->" + fra)
                .query(String.class).list()).containsExactly("link.put", "link.delete");
    }

    @Test
    void namesBadFieldsAndUnknownRegions() {
        assertThat(errorFields(putJson("/api/v1/region-links/" + hz + "/" + ldn, "{\"latencyMs\":-1,\"bandwidthMbps\":0}")))
                .containsExactly("costPerGb");
        assertThat(errorFields(putJson("/api/v1/region-links/" + hz + "/" + ldn,
                "{\"latencyMs\":-1,\"bandwidthMbps\":0,\"costPerGb\":0}"))).containsExactly("latencyMs", "bandwidthMbps");
        assertThat(errorFields(putJson("/api/v1/region-links/" + hz + "/" + hz,
                "{\"latencyMs\":1,\"bandwidthMbps\":1,\"costPerGb\":0}"))).containsExactly("to");
        assertThat(errorFields(putJson("/api/v1/region-links/" + hz + "/" + ldn,
                "{\"latencyMs\":1,\"bandwidthMbps\":1,\"costPerGb\":0,\"jitter\":3}"))).containsExactly("jitter");
        problem(putJson("/api/v1/region-links/" + hz + "/nowhere-" + RUN, "{\"latencyMs\":1,\"bandwidthMbps\":1,\"costPerGb\":0}"), 404);
        problem(get("/api/v1/region-links/route?from=" + hz + "&to=nowhere-" + RUN), 404);
        assertThat(errorFields(get("/api/v1/region-links/route?from=" + hz + "&to=" + ldn + "&weighting=hops")))
                .containsExactly("weighting");
        assertThat(errorFields(get("/api/v1/region-links/route?from=" + hz + "&to=" + ldn + "&weighting=transfer")))
                .containsExactly("bytes");
    }

    private String region(String base) {
        String name = base + "-" + RUN + "-" + seq;
        HttpResponse<String> r = postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    private void link(String from, String to, double latency, double bandwidth, double cost) {
        HttpResponse<String> r = putJson("/api/v1/region-links/" + from + "/" + to,
                "{\"latencyMs\":" + latency + ",\"bandwidthMbps\":" + bandwidth + ",\"costPerGb\":" + cost + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("from").asString()).isEqualTo(from);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }
}
