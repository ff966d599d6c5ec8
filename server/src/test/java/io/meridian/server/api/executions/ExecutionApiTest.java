package io.meridian.server.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executions REST API on the real server: trigger a policy, follow it to the end, list its
 * tasks, stop one, and the problem+json answers for bad input.
 */
class ExecutionApiTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OciTransport TRANSPORT = OciTransport.create();
    private static LocalRegistry source;
    private static LocalRegistry destination;
    private static final Map<String, ManifestBytes> PUSHED = new LinkedHashMap<>();

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        SampleImages images = new SampleImages(new RegistryClient(TRANSPORT, source.endpoint()), 42);
        RepositoryName app = RepositoryName.parse("exec/app");
        Descriptor base = images.layer(app, 20_000);
        for (int i = 0; i < 12; i++) {
            PUSHED.put("exec/app:v" + i, images.image(app, "v" + i, List.of(base, images.layer(app, 3000))));
        }
        PUSHED.put("exec/app:multi", images.multiArch(app, "multi", base));
        RepositoryName chart = RepositoryName.parse("exec/charts/demo");
        PUSHED.put("exec/charts/demo:0.1.0", images.helmChart(chart, "0.1.0"));
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('exec-region') ON CONFLICT DO NOTHING");
        for (String[] r : List.of(new String[] {"exec-src", source.url()}, new String[] {"exec-dst", destination.url()})) {
            jdbc.update("""
                    INSERT INTO registries (name, region_id, url, insecure)
                    SELECT ?, id, ?, true FROM regions WHERE name = 'exec-region'""", r[0], r[1]);
        }
        policy(jdbc, "exec-all", "exec/**", "exec-dst", null);
        policy(jdbc, "exec-stop", "exec/**", "exec-dst", "stopped");
        policy(jdbc, "exec-never", "exec/**", "exec-dst", "never");
    }

    private static void policy(JdbcTemplate jdbc, String name, String glob, String dest, String namespace) {
        String definition = "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"exec-src\",\"repositories\":[\""
                + glob + "\"]},\"tags\":{\"include\":[\".*\"],\"exclude\":[]},\"destinations\":[{\"registry\":\""
                + dest + "\",\"namespace\":" + (namespace == null ? "null" : "\"" + namespace + "\"")
                + "}],\"override\":true,\"trigger\":{\"type\":\"manual\"}}";
        jdbc.update("INSERT INTO policies (name, definition) VALUES (?, CAST(? AS jsonb))", name, definition);
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
    }

    @Test
    void triggersPolicyAndCopiesEverythingWithIdenticalDigests() {
        HttpResponse<String> first = postJson("/api/v1/policies/exec-all/executions", "");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode queued = JSON.readTree(first.body());
        String id = queued.get("id").asString();
        assertThat(queued.get("status").asString()).isEqualTo("QUEUED");

        HttpResponse<String> second = postJson("/api/v1/policies/exec-all/executions", "");
        JsonNode again = JSON.readTree(second.body());
        assertThat(second.statusCode()).as("a second trigger while the first runs returns it").isEqualTo(200);
        assertThat(again.get("id").asString()).isEqualTo(id);

        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("policy").asString()).isEqualTo("exec-all");
        assertThat(done.hasNonNull("startedAt")).isTrue();
        assertThat(done.hasNonNull("finishedAt")).isTrue();
        assertThat(done.get("durationMillis").asLong()).isNotNegative();
        JsonNode summary = done.get("summary");
        assertThat(summary.get("artifacts").get("total").asLong()).isEqualTo(PUSHED.size());
        assertThat(summary.get("artifacts").get("copied").asLong()).isEqualTo(PUSHED.size());
        assertThat(summary.get("artifacts").get("failed").asLong()).isZero();
        assertThat(summary.get("blobs").get("copied").asLong()).isPositive();
        assertThat(summary.get("bytes").get("written").asLong()).isEqualTo(summary.get("bytes").get("read").asLong());

        RegistryClient atDestination = new RegistryClient(TRANSPORT, destination.endpoint());
        PUSHED.forEach((ref, manifest) -> {
            String[] parts = ref.split(":");
            assertThat(atDestination.headManifest(RepositoryName.parse(parts[0]), Reference.tag(parts[1])))
                    .as(ref).map(Descriptor::digest).contains(manifest.digest());
        });

        JsonNode page = JSON.readTree(get("/api/v1/executions/" + id + "/tasks?page=1&size=5").body());
        assertThat(page.get("total").asLong()).isEqualTo(PUSHED.size());
        assertThat(page.get("items").size()).isEqualTo(5);
        JsonNode task = page.get("items").get(0);
        assertThat(task.get("state").asString()).isEqualTo("COPIED");
        assertThat(task.get("destination").get("registry").asString()).isEqualTo("exec-dst");
        assertThat(task.get("artifact").get("digest").asString()).startsWith("sha256:");
        // the route step's decision, recorded before the transfer
        JsonNode path = task.get("path");
        assertThat(path.get("source").asString()).as(task.toString()).isEqualTo("exec-src/default");
        assertThat(path.get("destination").asString()).isEqualTo("exec-dst/default");
        assertThat(path.get("reason").asString()).isEqualTo("direct: single endpoint");
        assertThat(path.get("failovers").asInt()).isZero();

        JsonNode list = JSON.readTree(get("/api/v1/executions?policy=exec-all").body());
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(n -> ids.add(n.get("id").asString()));
        assertThat(ids).contains(id);

        HttpResponse<String> stopFinished = postJson("/api/v1/executions/" + id + "/stop", "");
        assertThat(stopFinished.statusCode()).isEqualTo(409);
        assertThat(stopFinished.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).contains("application/problem+json"));
        assertThat(stopFinished.body()).contains("status");
    }

    @Test
    void stopsARunningExecution() {
        HttpResponse<String> started = postJson("/api/v1/policies/exec-stop/executions", "");
        assertThat(started.statusCode()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        HttpResponse<String> stopping = postJson("/api/v1/executions/" + id + "/stop", "");
        assertThat(stopping.statusCode()).as(stopping.body()).isEqualTo(202);
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).isEqualTo("STOPPED");
        // Stopped before planning (no tasks) or between waves (the rest STOPPED): never left pending.
        for (String state : List.of("PENDING", "RUNNING")) {
            JsonNode open = JSON.readTree(get("/api/v1/executions/" + id + "/tasks?state=" + state).body());
            assertThat(open.get("total").asLong()).as(state + " tasks").isZero();
        }
        assertThat(done.get("summary").get("artifacts").get("copied").asLong()).isLessThan(PUSHED.size());
    }

    @Test
    void answersBadInputWithProblemsNamingTheField() {
        HttpResponse<String> unknownPolicy = postJson("/api/v1/policies/no-such-policy/executions", "");
        assertThat(unknownPolicy.statusCode()).isEqualTo(404);
        assertThat(unknownPolicy.body()).contains("no-such-policy");
        HttpResponse<String> badId = get("/api/v1/executions/not-a-uuid");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("id");
        HttpResponse<String> badSize = get("/api/v1/executions?size=0");
        assertThat(badSize.statusCode()).isEqualTo(400);
        assertThat(badSize.body()).contains("size");
        assertProblem(get("/api/v1/executions/not-a-uuid/tasks"), 400, "id");
        assertProblem(postJson("/api/v1/executions/12345/stop", ""), 400, "id");
        assertProblem(get("/api/v1/executions?page=abc"), 400, "page");
        assertProblem(get("/api/v1/executions?page=-1"), 400, "page");
        assertProblem(get("/api/v1/executions?size=ten"), 400, "size");
        assertProblem(get("/api/v1/executions?size=501"), 400, "size");
        String someId = java.util.UUID.randomUUID().toString();
        assertProblem(get("/api/v1/executions/" + someId + "/tasks?size=x"), 400, "size");
        assertProblem(get("/api/v1/executions/" + someId + "/tasks?page=1.5"), 400, "page");
        assertProblem(get("/api/v1/executions/" + someId + "/tasks?state=DONE"), 400, "state");
        // a policy name nobody ever used is a 404; a policy that never ran has an empty history
        assertProblem(get("/api/v1/executions?policy=no-such-policy"), 404, "no-such-policy");
        HttpResponse<String> neverRan = get("/api/v1/executions?policy=exec-never");
        assertThat(neverRan.statusCode()).as(neverRan.body()).isEqualTo(200);
        assertThat(JSON.readTree(neverRan.body()).get("total").asLong()).isZero();
        assertProblem(postJson("/api/v1/executions/" + someId + "/stop", ""), 404, someId);
        HttpResponse<String> unknown = get("/api/v1/executions/" + java.util.UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(getAnonymous("/api/v1/executions").statusCode()).isEqualTo(401);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).contains("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        if (status == 400) {
            assertThat(problem.get("field").asString()).as(response.body()).isEqualTo(named);
        } else {
            assertThat(response.body()).contains(named);
        }
    }

    private JsonNode awaitFinished(String id) {
        return awaitExecutionFinished(id);
    }
}
