package io.meridian.server.api.regions;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.fieldNames;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class RegionsApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void createsReadsReplacesListsAndDeletesARegion() {
        String name = unique("cn-hangzhou");
        HttpResponse<String> created = postJson("/api/v1/regions",
                "{\"name\":\"" + name + "\",\"displayName\":\"China (Hangzhou)\",\"jurisdiction\":\"CN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/regions/" + name);
        JsonNode body = json(created);
        assertThat(fieldNames(body)).containsExactly("name", "displayName", "jurisdiction", "createdAt", "updatedAt");
        assertThat(body.get("displayName").asString()).isEqualTo("China (Hangzhou)");
        assertThat(body.get("jurisdiction").asString()).isEqualTo("CN");

        assertThat(json(get("/api/v1/regions/" + name))).isEqualTo(body);

        HttpResponse<String> replaced = putJson("/api/v1/regions/" + name, "{\"displayName\":\"Hangzhou\"}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).get("displayName").asString()).isEqualTo("Hangzhou");
        assertThat(json(replaced).get("jurisdiction").isNull()).as("PUT replaces: omitted jurisdiction is cleared").isTrue();

        List<String> listed = json(get("/api/v1/regions")).valueStream().map(r -> r.get("name").asString()).toList();
        assertThat(listed).contains(name).isSorted();

        assertThat(delete("/api/v1/regions/" + name).statusCode()).isEqualTo(204);
        assertThat(problem(get("/api/v1/regions/" + name), 404).get("detail").asString())
                .isEqualTo("region '" + name + "' does not exist");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target = :t ORDER BY id").param("t", name)
                .query(String.class).list()).containsExactly("region.create", "region.update", "region.delete");
    }

    @Test
    void onlyTheNameIsRequired() {
        String name = unique("eu");
        HttpResponse<String> created = postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("displayName").isNull()).isTrue();
    }

    @Test
    void refusesADuplicateNameWith409() {
        String name = unique("dup");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        JsonNode conflict = problem(postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}"), 409);
        assertThat(conflict.get("field").asString()).isEqualTo("name");
        assertThat(conflict.get("detail").asString()).contains("already exists");
    }

    @Test
    void namesEveryBadField() {
        HttpResponse<String> r = postJson("/api/v1/regions",
                "{\"name\":\"CN Hangzhou\",\"displayName\":\"\",\"jurisdiction\":\"china\"}");
        assertThat(errorFields(r)).containsExactly("name", "displayName", "jurisdiction");
        assertThat(reason(r, "jurisdiction")).contains("ISO 3166");
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        HttpResponse<String> r = postJson("/api/v1/regions", "{\"name\":\"x\",\"country\":\"CN\"}");
        assertThat(errorFields(r)).containsExactly("country");
        assertThat(reason(r, "country")).startsWith("unknown field \"country\"");
    }

    @Test
    void refusesMalformedAndMissingBodies() {
        assertThat(errorFields(postJson("/api/v1/regions", "{\"name\":"))).containsExactly("$");
        assertThat(errorFields(postJson("/api/v1/regions", ""))).containsExactly("$");
        assertThat(errorFields(postJson("/api/v1/regions", "{\"name\":42}"))).containsExactly("name");
    }

    @Test
    void refusesToRenameThroughPut() {
        String name = unique("keep");
        postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}");
        HttpResponse<String> r = putJson("/api/v1/regions/" + name, "{\"name\":\"other\"}");
        assertThat(errorFields(r)).containsExactly("name");
        assertThat(problem(putJson("/api/v1/regions/" + unique("nope"), "{}"), 404)).isNotNull();
        assertThat(problem(delete("/api/v1/regions/" + unique("nope")), 404)).isNotNull();
    }

    @Test
    void refusesToDeleteARegionThatARegistryUses() {
        String region = unique("busy");
        String registry = unique("reg");
        postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        HttpResponse<String> reg = postJson("/api/v1/registries", "{\"name\":\"" + registry + "\",\"region\":\"" + region
                + "\",\"url\":\"http://127.0.0.1:1\",\"insecure\":true}");
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(201);

        JsonNode conflict = problem(delete("/api/v1/regions/" + region), 409);
        assertThat(conflict.get("detail").asString()).contains("registries " + registry);
        assertThat(get("/api/v1/regions/" + region).statusCode()).isEqualTo(200);

        assertThat(delete("/api/v1/registries/" + registry).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/regions/" + region).statusCode()).isEqualTo(204);
    }

    @Test
    void concurrentCreatesOfOneNameYieldExactlyOneRegion() throws Exception {
        String name = unique("race");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> postJson("/api/v1/regions", "{\"name\":\"" + name + "\"}").statusCode()));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> status : statuses) {
                codes.add(status.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE target = :t").param("t", name).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void requiresAToken() {
        assertThat(getAnonymous("/api/v1/regions").statusCode()).isEqualTo(401);
    }
}
