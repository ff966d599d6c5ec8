package io.meridian.server.api.p2p;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.fieldNames;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.p2p.DragonflyContractServer;
import io.meridian.sync.p2p.KrakenContractServer;
import io.meridian.sync.testing.Canaries;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class P2pEnginesApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    P2pEngineService engines;

    private String region;

    @BeforeEach
    void region() {
        region = unique("eu-london");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
    }

    private String dragonfly(String name, String url, String token) {
        return "{\"name\":\"" + name + "\",\"region\":\"" + region + "\",\"kind\":\"dragonfly\",\"url\":\"" + url
                + "\",\"token\":\"" + token + "\",\"schedulerClusterIds\":[1,3],\"scope\":\"all_peers\",\"nodes\":800,"
                + "\"platforms\":[\"linux/amd64\",\"linux/arm64\"]}";
    }

    @Test
    void storesTheTokenEncryptedAndNeverShowsIt(CapturedOutput output) {
        String name = unique("df");
        String token = Canaries.P2P_TOKEN;
        HttpResponse<String> created = postJson("/api/v1/p2p-engines", dragonfly(name, "http://127.0.0.1:65000", token));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/p2p-engines/" + name);
        JsonNode body = json(created);
        assertThat(fieldNames(body)).containsExactly("name", "region", "kind", "url", "tokenSet",
                "schedulerClusterIds", "scope", "nodes", "platforms", "createdAt", "updatedAt");
        assertThat(body.get("tokenSet").asBoolean()).isTrue();
        assertThat(body.get("schedulerClusterIds").toString()).isEqualTo("[1,3]");
        assertThat(body.get("platforms").toString()).isEqualTo("[\"linux/amd64\",\"linux/arm64\"]");
        assertThat(body.get("scope").asString()).isEqualTo("all_peers");
        assertThat(body.get("nodes").asInt()).isEqualTo(800);
        for (HttpResponse<String> r : List.of(created, get("/api/v1/p2p-engines/" + name), get("/api/v1/p2p-engines"))) {
            assertThat(r.statusCode()).isEqualTo(200 + (r == created ? 1 : 0));
            assertThat(r.body()).doesNotContain(token).doesNotContain("\"token\"");
        }
        byte[] stored = jdbc.sql("SELECT token_ciphertext FROM p2p_engines WHERE name = :n").param("n", name)
                .query((rs, i) -> rs.getBytes(1)).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token);
        assertThat(engines.spec(name).token()).isEqualTo(token);
        assertThat(engines.spec(name).toString()).doesNotContain(token);
        assertThat(jdbc.sql("SELECT detail::text FROM audit_log WHERE target = :n").param("n", name).query(String.class)
                .list()).isNotEmpty().allSatisfy(d -> assertThat(d).doesNotContain(token));
        assertThat(postJson("/api/v1/p2p-engines", dragonfly(name, "http://127.0.0.1:65000", token)).statusCode())
                .isEqualTo(409);
        assertThat(delete("/api/v1/p2p-engines/" + name).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/p2p-engines/" + name).statusCode()).isEqualTo(404);
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void refusesBadInputNamingEachField() {
        HttpResponse<String> r = postJson("/api/v1/p2p-engines", "{\"name\":\"Bad Name\",\"region\":\"" + region
                + "\",\"kind\":\"dragonfly\",\"url\":\"ftp://x\",\"schedulerClusterIds\":[0],\"scope\":\"everyone\","
                + "\"nodes\":0,\"platforms\":[\"linux/amd64\",\"linux\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(errorFields(r)).containsExactlyInAnyOrder("name", "url", "token", "schedulerClusterIds[0]", "scope",
                "nodes", "platforms[1]");
        assertThat(reason(r, "scope")).contains("single_seed_peer, all_seed_peers, all_peers");

        HttpResponse<String> kraken = postJson("/api/v1/p2p-engines", "{\"name\":\"" + unique("kr") + "\",\"region\":\""
                + region + "\",\"kind\":\"kraken\",\"url\":\"http://127.0.0.1:1\",\"token\":\"t0k3n\","
                + "\"schedulerClusterIds\":[1],\"nodes\":10}");
        assertThat(errorFields(kraken)).containsExactlyInAnyOrder("token", "schedulerClusterIds");

        HttpResponse<String> ssrf = postJson("/api/v1/p2p-engines", dragonfly(unique("df"), "http://169.254.169.254", "t"));
        assertThat(errorFields(ssrf)).containsExactly("url");
        assertThat(reason(ssrf, "url")).contains("169.254.169.254");

        HttpResponse<String> noRegion = postJson("/api/v1/p2p-engines", dragonfly(unique("df"), "http://127.0.0.1:1", "t")
                .replace(region, unique("nowhere")));
        assertThat(errorFields(noRegion)).containsExactly("region");
        assertThat(errorFields(postJson("/api/v1/p2p-engines", "{\"name\":\"x\",\"kind\":\"dragonfly\",\"extra\":1}")))
                .containsExactly("extra");
    }

    @Test
    void aPolicyPreheatingWithAnUnknownEngineIsRefusedNamingTheEntry() {
        String known = unique("df");
        assertThat(postJson("/api/v1/p2p-engines", dragonfly(known, "http://127.0.0.1:65000", "t")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> r = postJson("/api/v1/policies", "{\"name\":\"" + unique("pre") + "\","
                + "\"source\":{\"registry\":\"" + unique("src") + "\",\"repositories\":[\"**\"]},"
                + "\"destinations\":[{\"registry\":\"" + unique("dst") + "\"}],"
                + "\"preheat\":{\"enabled\":true,\"engines\":[\"" + known + "\",\"ghost-engine\"]}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(errorFields(r)).contains("preheat.engines[1]").doesNotContain("preheat.engines[0]");
        assertThat(reason(r, "preheat.engines[1]")).contains("unknown P2P engine 'ghost-engine'");
    }

    @Test
    void healthAsksEachEngineItsOwnWay() throws Exception {
        try (DragonflyContractServer df = new DragonflyContractServer(); KrakenContractServer kr = new KrakenContractServer()) {
            String dfName = unique("df");
            String krName = unique("kr");
            String down = unique("down");
            assertThat(postJson("/api/v1/p2p-engines", dragonfly(dfName, df.url().toString(), "t")).statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/p2p-engines", "{\"name\":\"" + krName + "\",\"region\":\"" + region
                    + "\",\"kind\":\"kraken\",\"url\":\"" + kr.url() + "\",\"nodes\":10}").statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/p2p-engines", dragonfly(down, "http://127.0.0.1:9", "t")).statusCode()).isEqualTo(201);

            JsonNode dfHealth = json(get("/api/v1/p2p-engines/" + dfName + "/health"));
            assertThat(dfHealth.get("healthy").asBoolean()).isTrue();
            assertThat(dfHealth.get("endpoint").asString()).isEqualTo(df.url() + "/healthy");
            assertThat(df.requests()).extracting(DragonflyContractServer.Recorded::path).containsExactly("/healthy");
            JsonNode krHealth = json(get("/api/v1/p2p-engines/" + krName + "/health"));
            assertThat(krHealth.get("healthy").asBoolean()).isTrue();
            assertThat(kr.requests()).extracting(KrakenContractServer.Recorded::path).containsExactly("/health");
            assertThat(json(get("/api/v1/p2p-engines/" + down + "/health")).get("healthy").asBoolean()).isFalse();
        }
    }
}
