package io.meridian.server.api.policies;

import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 14: every create/update is a numbered version with its author; executions name the version they ran. */
class PolicyVersionsApiTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);

    private String src;
    private String dst;

    @BeforeEach
    void registries() {
        String region = "ver-" + RUN;
        postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        src = "ver-src-" + RUN;
        dst = "ver-dst-" + RUN;
        for (String name : List.of(src, dst)) {
            // a closed loopback port: executions fail fast, and nothing leaves the machine
            postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                    + "\",\"url\":\"http://127.0.0.1:9\",\"insecure\":true}");
        }
    }

    private String policy(String name, boolean override) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"" + src + "\",\"repositories\":[\"team/app\"]},"
                + "\"tags\":{\"include\":[\".*\"],\"exclude\":[]},\"destinations\":[{\"registry\":\"" + dst
                + "\",\"namespace\":null}],\"override\":" + override + ",\"trigger\":{\"type\":\"manual\"}}";
    }

    @Test
    void numbersEveryChangeKeepsEachDefinitionAndStampsExecutions() {
        String name = "versioned-" + RUN;
        assertThat(postJson("/api/v1/policies", policy(name, true)).statusCode()).isEqualTo(201);
        HttpResponse<String> refused = putJson("/api/v1/policies/" + name, policy(name, true).replace("team/app", "Bad"));
        assertThat(refused.statusCode()).as("a refused change is no version").isEqualTo(400);
        assertThat(putJson("/api/v1/policies/" + name, policy(name, false)).statusCode()).isEqualTo(200);

        JsonNode versions = json(get("/api/v1/policies/" + name + "/versions"));
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("change").asString()).isEqualTo("update");
        assertThat(versions.get(0).get("changedBy").asString()).isEqualTo("bootstrap-admin");
        assertThat(versions.get(0).has("policy")).as("the list carries no definitions").isFalse();
        assertThat(versions.get(1).get("change").asString()).isEqualTo("create");
        assertThat(OffsetDateTime.parse(versions.get(1).get("changedAt").asString()))
                .isBeforeOrEqualTo(OffsetDateTime.parse(versions.get(0).get("changedAt").asString()));

        assertThat(json(get("/api/v1/policies/" + name + "/versions/1")).get("policy")).isEqualTo(json(policy(name, true)));
        assertThat(json(get("/api/v1/policies/" + name + "/versions/2")).get("policy")).isEqualTo(json(policy(name, false)));
        problem(get("/api/v1/policies/" + name + "/versions/3"), 404);
        problem(get("/api/v1/policies/nothing-" + RUN + "/versions"), 404);

        HttpResponse<String> triggered = postJson("/api/v1/policies/" + name + "/executions", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isIn(200, 202);
        String id = json(triggered).get("id").asString();
        assertThat(json(get("/api/v1/executions/" + id)).get("policyVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aPolicyCreatedAgainGoesOnCountingAndItsHistoryOutlivesIt() {
        String name = "recreated-" + RUN;
        postJson("/api/v1/policies", policy(name, true));
        assertThat(delete("/api/v1/policies/" + name).statusCode()).isEqualTo(204);
        assertThat(json(get("/api/v1/policies/" + name + "/versions")).size()).as("history after deletion").isEqualTo(1);
        postJson("/api/v1/policies", policy(name, false));
        assertThat(json(get("/api/v1/policies/" + name + "/versions")).get(0).get("version").asInt()).isEqualTo(2);
    }
}
