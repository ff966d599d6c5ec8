package io.meridian.server.api.p2p;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meridian.server.ServerTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class P2pEstimateApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void estimatesEachRegionWithAnEngineBesideItsMeasuredPreheat() {
        String ldn = unique("ldn");
        String fra = unique("fra");
        for (String r : new String[] {ldn, fra}) {
            assertThat(postJson("/api/v1/regions", "{\"name\":\"" + r + "\"}").statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + r + "-reg\",\"region\":\"" + r
                    + "\",\"url\":\"https://" + r + ".example.com\"}").statusCode()).isEqualTo(201);
        }
        assertThat(postJson("/api/v1/p2p-engines", "{\"name\":\"" + ldn + "-df\",\"region\":\"" + ldn
                + "\",\"kind\":\"dragonfly\",\"url\":\"https://m.example.com\",\"token\":\"t\","
                + "\"schedulerClusterIds\":[1],\"nodes\":800}").statusCode()).isEqualTo(201);
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO executions (id, policy_name, status, trigger) VALUES (:id, 'estimate', 'SUCCEEDED', 'manual')")
                .param("id", id).update();
        for (String r : new String[] {ldn, fra}) {
            jdbc.sql("""
                    INSERT INTO tasks (execution_id, source_repository, reference, digest, destination_registry_id,
                                       destination_repository, state, bytes, preheat)
                    SELECT :id, 'team/app', 'v1', 'sha256:' || repeat('a', 64), g.id, 'team/app', 'COPIED', 500000000,
                           CAST('{"engine":"x","state":"SUCCESS","durationMillis":4200}' AS jsonb)
                      FROM registries g WHERE g.name = :reg""").param("id", id).param("reg", r + "-reg").update();
        }

        JsonNode estimate = json(get("/api/v1/executions/" + id + "/p2p-estimate"));
        assertThat(estimate.path("regions")).as("only the region with an engine").hasSize(1);
        JsonNode region = estimate.path("regions").get(0);
        assertThat(region.path("region").asString()).isEqualTo(ldn);
        assertThat(region.path("nodes").asInt()).isEqualTo(800);
        assertThat(region.path("bytes").asLong()).isEqualTo(500_000_000L);
        assertThat(region.path("originOnlySeconds").asDouble()).isCloseTo(320.0, within(1e-6));
        assertThat(region.path("p2pSeconds").asDouble()).isCloseTo(0.4 + 0.4 * Math.log(800) / Math.log(2), within(1e-6));
        assertThat(region.path("measuredPreheatMillis").asLong()).isEqualTo(4200);

        JsonNode slowOrigin = json(get("/api/v1/executions/" + id + "/p2p-estimate?originGbps=1&seeds=3"));
        assertThat(slowOrigin.path("regions").get(0).path("originOnlySeconds").asDouble()).isCloseTo(3200.0, within(1e-6));
        assertThat(errorFields(get("/api/v1/executions/" + id + "/p2p-estimate?peerGbps=0"))).containsExactly("peerGbps");
        assertThat(get("/api/v1/executions/" + UUID.randomUUID() + "/p2p-estimate").statusCode()).isEqualTo(404);
    }

    /**
     * The execution's own distribution model ({@code distribution[]}) joins the P2P estimate where the region has an
     * engine: same bytes, nodes and origin bandwidth as its origin-only estimate, beside the measured preheat; a
     * region without an engine keeps only the origin-only estimate, with no P2P field at all.
     */
    @Test
    void executionDistributionShowsTheP2pEstimateBesideTheOriginOnlyOne() {
        String ldn = unique("dl");
        String fra = unique("df");
        for (String r : new String[] {ldn, fra}) {
            assertThat(postJson("/api/v1/regions", "{\"name\":\"" + r + "\",\"nodes\":800,\"originBandwidthMbps\":10000}")
                    .statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + r + "-reg\",\"region\":\"" + r
                    + "\",\"url\":\"https://" + r + ".example.com\"}").statusCode()).isEqualTo(201);
        }
        assertThat(postJson("/api/v1/p2p-engines", "{\"name\":\"" + ldn + "-df\",\"region\":\"" + ldn
                + "\",\"kind\":\"dragonfly\",\"url\":\"https://m.example.com\",\"token\":\"t\","
                + "\"schedulerClusterIds\":[1],\"nodes\":800}").statusCode()).isEqualTo(201);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO executions (id, policy_name, status, trigger, started_at, finished_at)
                VALUES (:id, 'distribution', 'SUCCEEDED', 'manual', now() - interval '30 seconds', now())""")
                .param("id", id).update();
        for (String r : new String[] {ldn, fra}) {
            jdbc.sql("""
                    INSERT INTO tasks (execution_id, source_repository, reference, digest, destination_registry_id,
                                       destination_repository, state, bytes, finished_at, preheat)
                    SELECT :id, 'team/app', 'v1', 'sha256:' || repeat('a', 64), g.id, 'team/app', 'COPIED', 500000000,
                           now() - interval '10 seconds',
                           CASE WHEN :preheat THEN CAST('{"engine":"x","state":"SUCCESS","durationMillis":4200}' AS jsonb) END
                      FROM registries g WHERE g.name = :reg""").param("id", id).param("reg", r + "-reg")
                    .param("preheat", r.equals(ldn)).update();
            jdbc.sql("""
                    INSERT INTO execution_registry_bytes (execution_id, registry_id, bytes_written)
                    SELECT :id, g.id, 500000000 FROM registries g WHERE g.name = :reg""")
                    .param("id", id).param("reg", r + "-reg").update();
        }

        JsonNode execution = json(get("/api/v1/executions/" + id));
        JsonNode withEngine = regionOf(execution.path("distribution"), ldn);
        assertThat(withEngine.path("originOnlySeconds").asDouble()).isCloseTo(320.0, within(1e-6));
        assertThat(withEngine.path("replicationSeconds").asDouble()).isCloseTo(20.0, within(2.0));
        assertThat(withEngine.path("p2pEngine").asString()).isEqualTo(ldn + "-df");
        double p2p = 0.4 + 0.4 * Math.log(800) / Math.log(2);
        assertThat(withEngine.path("p2pEstimateSeconds").asDouble()).isCloseTo(p2p, within(1e-6));
        assertThat(withEngine.path("p2pSavedPercent").asDouble()).isCloseTo(100 * (320 - p2p) / 320, within(1e-6));
        assertThat(withEngine.path("preheatSeconds").asDouble()).isCloseTo(4.2, within(1e-9));
        // the same figure as the p2p-estimate endpoint gives with its defaults
        JsonNode estimate = json(get("/api/v1/executions/" + id + "/p2p-estimate")).path("regions").get(0);
        assertThat(estimate.path("p2pSeconds").asDouble()).isCloseTo(withEngine.path("p2pEstimateSeconds").asDouble(),
                within(1e-9));

        JsonNode withoutEngine = regionOf(execution.path("distribution"), fra);
        assertThat(withoutEngine.path("originOnlySeconds").asDouble()).isCloseTo(320.0, within(1e-6));
        assertThat(withoutEngine.has("p2pEngine")).isFalse();
        assertThat(withoutEngine.has("p2pEstimateSeconds")).isFalse();
        assertThat(withoutEngine.has("preheatSeconds")).isFalse();
    }

    private static JsonNode regionOf(JsonNode distribution, String region) {
        for (JsonNode r : distribution) {
            if (r.path("region").asString().equals(region)) {
                return r;
            }
        }
        throw new AssertionError("no region " + region + " in " + distribution);
    }
}
