package io.meridian.server.api.policies;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class PoliciesApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;

    private String hz;
    private String ldn;

    @BeforeEach
    void registries() {
        String region = unique("region");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
        hz = unique("hz");
        ldn = unique("ldn");
        for (String name : List.of(hz, ldn)) {
            HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                    + "\",\"url\":\"https://" + name + ".example\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    /** The request body of issue 4, with this run's names. */
    private String issueExample(String name) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"" + hz + "\",\"repositories\":[\"team*/**\"]},"
                + "\"tags\":{\"include\":[\".*\"],\"exclude\":[]},\"destinations\":[{\"registry\":\"" + ldn
                + "\",\"namespace\":null}],\"override\":true,\"trigger\":{\"type\":\"manual\"}}";
    }

    @Test
    void returnsTheIssueExampleExactlyAsPosted() {
        String name = unique("apps-to-london");
        String body = issueExample(name);
        HttpResponse<String> created = postJson("/api/v1/policies", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/policies/" + name);
        assertThat(json(created)).isEqualTo(json(body));
        assertThat(json(get("/api/v1/policies/" + name))).isEqualTo(json(body));
        assertThat(json(get("/api/v1/policies")).valueStream().filter(p -> p.get("name").asString().equals(name)).toList())
                .containsExactly(json(body));
    }

    @Test
    void fillsDefaultsForOptionalFields() {
        String name = unique("minimal");
        HttpResponse<String> created = postJson("/api/v1/policies", "{\"name\":\"" + name + "\",\"source\":{\"registry\":\""
                + hz + "\",\"repositories\":[\"**\"]},\"destinations\":[{\"registry\":\"" + ldn + "\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode policy = json(get("/api/v1/policies/" + name));
        assertThat(policy.get("tags")).isEqualTo(json("{\"include\":[\".*\"],\"exclude\":[]}"));
        assertThat(policy.get("override").asBoolean()).isTrue();
        assertThat(policy.get("trigger")).isEqualTo(json("{\"type\":\"manual\"}"));
        assertThat(policy.get("destinations").get(0).get("namespace").isNull()).isTrue();
    }

    @Test
    void replacesAPolicyAndItsTrigger() {
        String name = unique("sched");
        postJson("/api/v1/policies", issueExample(name));
        String replacement = issueExample(name).replace("{\"type\":\"manual\"}", "{\"type\":\"cron\",\"cron\":\"0 */5 * * * ?\"}")
                .replace("\"namespace\":null", "\"namespace\":\"mirror/hz\"").replace("\"override\":true", "\"override\":false");
        HttpResponse<String> replaced = putJson("/api/v1/policies/" + name, replacement);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(get("/api/v1/policies/" + name))).isEqualTo(json(replacement));

        String event = issueExample(name).replace("{\"type\":\"manual\"}", "{\"type\":\"event\",\"debounceSeconds\":30}");
        assertThat(putJson("/api/v1/policies/" + name, event).statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/policies/" + name)).get("trigger")).isEqualTo(json("{\"type\":\"event\",\"debounceSeconds\":30}"));

        HttpResponse<String> badCron = putJson("/api/v1/policies/" + name,
                issueExample(name).replace("{\"type\":\"manual\"}", "{\"type\":\"cron\",\"cron\":\"every 5 minutes\"}"));
        assertThat(errorFields(badCron)).containsExactly("trigger.cron");
        assertThat(json(get("/api/v1/policies/" + name)).get("trigger").get("type").asString())
                .as("a refused PUT leaves the stored policy alone").isEqualTo("event");
    }

    @Test
    void namesEveryBadFieldIncludingUnknownRegistries() {
        String body = "{\"name\":\"" + unique("bad") + "\",\"source\":{\"registry\":\"nope-" + RUN + "\",\"repositories\":"
                + "[\"team/*\",\"Team/**\"]},\"tags\":{\"include\":[\"v[0-9\"],\"exclude\":[]},\"destinations\":[]}";
        HttpResponse<String> r = postJson("/api/v1/policies", body);
        assertThat(errorFields(r)).containsExactly("source.repositories[1]", "tags.include[0]", "destinations", "source.registry");
        assertThat(reason(r, "tags.include[0]")).startsWith("not a valid regular expression (RE2 syntax");
        assertThat(reason(r, "destinations")).isEqualTo("must not be empty");
        assertThat(reason(r, "source.registry")).isEqualTo("unknown registry 'nope-" + RUN + "'");

        HttpResponse<String> unknownDestination = postJson("/api/v1/policies", issueExample(unique("p"))
                .replace("{\"registry\":\"" + ldn + "\"", "{\"registry\":\"gone-" + RUN + "\""));
        assertThat(errorFields(unknownDestination)).containsExactly("destinations[0].registry");
    }

    @Test
    void refusesUnknownFieldsAndUnknownTriggerTypesNamingThem() {
        HttpResponse<String> unknown = postJson("/api/v1/policies", issueExample(unique("p")).replace("\"override\"", "\"overide\""));
        assertThat(errorFields(unknown)).containsExactly("overide");
        assertThat(reason(unknown, "overide")).startsWith("unknown field \"overide\"");

        HttpResponse<String> nested = postJson("/api/v1/policies",
                issueExample(unique("p")).replace("\"namespace\":null", "\"namespace\":null,\"prefix\":\"x\""));
        assertThat(errorFields(nested)).containsExactly("destinations[0].prefix");

        HttpResponse<String> trigger = postJson("/api/v1/policies",
                issueExample(unique("p")).replace("{\"type\":\"manual\"}", "{\"type\":\"hourly\"}"));
        assertThat(errorFields(trigger)).containsExactly("trigger.type");
        assertThat(reason(trigger, "trigger.type")).isEqualTo("must be one of manual, cron, event");
    }

    @Test
    void storesTheTagLanguageAndRefusesEachBadPartWithItsFieldPath() {
        String name = unique("lang");
        String body = issueExample(name).replace("\"repositories\":[\"team*/**\"]}",
                        "\"repositories\":[\"team*/**\"],\"exclude\":[\"team*/tmp\"]}")
                .replace("\"exclude\":[]}", "\"exclude\":[],\"semver\":\"^2 || ~1.4\",\"latest\":5,\"digests\":[\"sha256:"
                        + "b".repeat(64) + "\"]}");
        HttpResponse<String> created = postJson("/api/v1/policies", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(get("/api/v1/policies/" + name))).isEqualTo(json(body));

        String bad = issueExample(unique("lang")).replace("\"exclude\":[]}",
                        "\"exclude\":[\"(a+)\\\\1\"],\"semver\":\">=1.2 <\",\"latest\":0}")
                .replace("{\"type\":\"manual\"}", "{\"type\":\"cron\",\"cron\":\"* * * * * ?\"}")
                .replace("\"namespace\":null}]", "\"namespace\":null},{\"registry\":\"" + ldn + "\",\"namespace\":\"Up\"}]");
        HttpResponse<String> refused = postJson("/api/v1/policies", bad);
        assertThat(errorFields(refused)).containsExactly("tags.exclude[0]", "tags.semver", "tags.latest",
                "destinations[1].namespace", "trigger.cron");
        assertThat(reason(refused, "tags.exclude[0]")).contains("RE2");
        assertThat(reason(refused, "trigger.cron")).contains("every 1s").contains("meridian.policies.min-cron-interval");
    }

    @Test
    void speaksYamlBothWaysWithTheSameFieldPaths() {
        String name = unique("yaml");
        String json = issueExample(name).replace("\"exclude\":[]}", "\"exclude\":[],\"semver\":\"~1.4\",\"latest\":2}");
        assertThat(postJson("/api/v1/policies", json).statusCode()).isEqualTo(201);
        HttpResponse<String> yaml = send(authorized("/api/v1/policies/" + name).header("Accept", "application/yaml").GET().build());
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(yaml.body()).contains("name: " + name).contains("semver:").contains("~1.4").doesNotContain("{\"");

        HttpResponse<String> replaced = send(authorized("/api/v1/policies/" + name).header("Content-Type", "application/yaml")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(yaml.body())).build());
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(get("/api/v1/policies/" + name))).as("the YAML round trip changes nothing").isEqualTo(json(json));

        String other = unique("yaml");
        HttpResponse<String> created = send(authorized("/api/v1/policies").header("Content-Type", "application/yaml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(yaml.body().replace(name, other))).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("name").asString()).isEqualTo(other);

        String bad = yaml.body().replace(name, unique("yaml")).replace("latest: 2", "latest: 0")
                .replace("  namespace: null", "  namespace: null\n- registry: " + ldn + "\n  namespace: Up");
        HttpResponse<String> refused = send(authorized("/api/v1/policies").header("Content-Type", "application/yaml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bad)).build());
        assertThat(errorFields(refused)).as(bad).containsExactly("tags.latest", "destinations[1].namespace");
        HttpResponse<String> unknown = send(authorized("/api/v1/policies").header("Content-Type", "application/yaml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name: x\noveride: true\n")).build());
        assertThat(errorFields(unknown)).containsExactly("overide");
    }

    @Test
    void keepsNamesUniqueAndImmutable() {
        String name = unique("once");
        assertThat(postJson("/api/v1/policies", issueExample(name)).statusCode()).isEqualTo(201);
        assertThat(problem(postJson("/api/v1/policies", issueExample(name)), 409).get("field").asString()).isEqualTo("name");
        assertThat(errorFields(putJson("/api/v1/policies/" + name, issueExample(unique("other"))))).containsExactly("name");
        assertThat(problem(putJson("/api/v1/policies/" + unique("missing"), issueExample(null).replace("\"name\":\"null\",", "")),
                404)).isNotNull();
    }

    @Test
    void theOpenApiDocumentDescribesTheDefinitionEndpoints() {
        HttpResponse<String> r = get("/v3/api-docs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode paths = json(r).get("paths");
        assertThat(fieldNamesOf(paths)).contains("/api/v1/regions", "/api/v1/regions/{name}", "/api/v1/registries",
                "/api/v1/registries/{name}", "/api/v1/registries/{name}/health", "/api/v1/policies", "/api/v1/policies/{name}");
        assertThat(paths.get("/api/v1/policies").get("post").get("requestBody").toString()).contains("Policy")
                .contains("application/yaml");
        // issue 14's endpoints
        assertThat(fieldNamesOf(paths)).contains("/api/v1/policies/{name}/versions",
                "/api/v1/policies/{name}/versions/{version}", "/api/v1/tokens", "/api/v1/tokens/{name}", "/api/v1/me",
                "/api/v1/audit");
        assertThat(paths.get("/api/v1/policies/{name}").get("get").get("responses").toString()).contains("application/yaml");
        assertThat(paths.get("/api/v1/audit").get("get").get("parameters").toString()).contains("kind").contains("page")
                .contains("size");
    }

    private static List<String> fieldNamesOf(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    @Test
    void deletesAndAuditsEveryChange() {
        String name = unique("audited");
        postJson("/api/v1/policies", issueExample(name));
        putJson("/api/v1/policies/" + name, issueExample(name).replace("\"override\":true", "\"override\":false"));
        assertThat(delete("/api/v1/policies/" + name).statusCode()).isEqualTo(204);
        assertThat(problem(get("/api/v1/policies/" + name), 404).get("detail").asString())
                .isEqualTo("policy '" + name + "' does not exist");
        assertThat(problem(delete("/api/v1/policies/" + name), 404)).isNotNull();
        assertThat(jdbc.sql("SELECT action || ' by ' || actor FROM audit_log WHERE target = :t ORDER BY id").param("t", name)
                .query(String.class).list()).hasSize(3)
                .first().asString().startsWith("policy.create by ");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE target = :t ORDER BY id").param("t", name)
                .query(String.class).list()).containsExactly("policy.create", "policy.update", "policy.delete");
        assertThat(jdbc.sql("SELECT detail -> 'override' FROM audit_log WHERE target = :t AND action = 'policy.update'")
                .param("t", name).query(String.class).single()).isEqualTo("false");
    }
}
