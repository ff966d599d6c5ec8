package io.meridian.server.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy's {@code concurrency} ({@code skip}: the trigger gets the active execution; {@code queue}: one
 * WAITING run after it, later triggers coalescing into it) under 200 concurrent triggers, decided by the
 * database alone; and {@code priority} ordering executions that wait for the same registry's slot
 * ({@link ServerTestBase#ONE_SLOT_REGISTRY} has one). A policy's {@code limits.bytesPerSecond} keeps the
 * first run busy while the triggers arrive.
 */
class ExecutionConcurrencyApiTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TRIGGERS = 200;
    private static final String SOURCE = unique("conc-src");
    private static final String DESTINATION = unique("conc-dst");
    private static LocalRegistry source;
    private static LocalRegistry destination;
    private static final List<LocalRegistry> FRESH = new ArrayList<>();
    private static String region;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        SampleImages images = new SampleImages(new RegistryClient(OciTransport.create(), source.endpoint()), 1406L);
        for (int i = 0; i < 4; i++) {
            RepositoryName repo = RepositoryName.parse("conc/app" + i);
            images.image(repo, "v1", List.of(images.layer(repo, 64 * 1024)));
        }
        jdbc = new JdbcTemplate(DB.dataSource());
        region = unique("conc-region");
        jdbc.update("INSERT INTO regions (name) VALUES (?)", region);
        for (String[] r : List.of(new String[] {SOURCE, source.url()}, new String[] {ONE_SLOT_REGISTRY, source.url()},
                new String[] {DESTINATION, destination.url()})) {
            jdbc.update("INSERT INTO registries (name, region_id, url, insecure) SELECT ?, id, ?, true FROM regions"
                    + " WHERE name = ?", r[0], r[1], region);
        }
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
        FRESH.forEach(LocalRegistry::close);
    }

    /**
     * A destination registry of its own: nothing there to mount from, so every blob is read from the source under
     * the policy's bandwidth cap and the first run stays busy while the triggers arrive, whatever ran before.
     */
    private static String freshDestination() {
        LocalRegistry registry = LocalRegistry.anonymous();
        FRESH.add(registry);
        String name = unique("conc-fresh");
        jdbc.update("INSERT INTO registries (name, region_id, url, insecure) SELECT ?, id, ?, true FROM regions"
                + " WHERE name = ?", name, registry.url(), region);
        return name;
    }

    /** A policy copying conc/** from {@code from} into its own namespace; {@code extra} is more JSON fields. */
    private static String policy(String from, String extra) {
        return policy(from, DESTINATION, extra);
    }

    private static String policy(String from, String to, String extra) {
        String name = unique("conc");
        String definition = "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"" + from
                + "\",\"repositories\":[\"conc/**\"]},\"destinations\":[{\"registry\":\"" + to
                + "\",\"namespace\":\"" + name + "\"}],\"override\":true,\"trigger\":{\"type\":\"manual\"}" + extra + "}";
        jdbc.update("INSERT INTO policies (name, definition) VALUES (?, CAST(? AS jsonb))", name, definition);
        return name;
    }

    @Test
    void skipGivesEveryConcurrentTriggerTheOneActiveExecution() throws Exception {
        String name = policy(SOURCE, freshDestination(), ",\"limits\":{\"bytesPerSecond\":40960}");
        List<JsonNode> answers = triggerAtOnce(name);
        assertThat(answers.stream().map(a -> a.get("id").asString()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> a.get("code").asInt() == 202)).hasSize(1);
        assertThat(executions(name)).hasSize(1);
        JsonNode done = awaitDone(answers.get(0).get("id").asString());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(Duration.ofMillis(done.get("durationMillis").asLong())).as("the bandwidth cap kept it busy")
                .isGreaterThan(Duration.ofSeconds(2));
    }

    @Test
    void queueKeepsOneRunWaitingBehindTheActiveOneAndStartsItWhenThatEnds() throws Exception {
        String name = policy(SOURCE, freshDestination(), ",\"concurrency\":\"queue\",\"limits\":{\"bytesPerSecond\":40960}");
        List<JsonNode> answers = triggerAtOnce(name);
        assertThat(answers.stream().map(a -> a.get("id").asString()).distinct()).as(answers.toString()).hasSize(2);
        assertThat(answers.stream().filter(a -> a.get("code").asInt() == 202).map(a -> a.get("status").asString()))
                .containsExactlyInAnyOrder("QUEUED", "WAITING");
        List<String> statuses = executions(name).stream().map(r -> (String) r.get("status")).toList();
        assertThat(statuses).as("one active, one waiting").hasSize(2).containsOnlyOnce("WAITING")
                .anyMatch(st -> st.equals("QUEUED") || st.equals("RUNNING"));
        String waiting = answers.stream().filter(a -> a.get("status").asString().equals("WAITING")).findFirst()
                .orElseThrow().get("id").asString();
        String first = answers.stream().map(a -> a.get("id").asString()).filter(id -> !id.equals(waiting))
                .findFirst().orElseThrow();

        JsonNode firstDone = awaitDone(first);
        JsonNode secondDone = awaitDone(waiting);
        assertThat(firstDone.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(secondDone.get("status").asString()).as(secondDone.toString()).isEqualTo("SUCCEEDED");
        assertThat(OffsetDateTime.parse(secondDone.get("startedAt").asString()))
                .as("never two at once: the queued run starts after the first finished")
                .isAfterOrEqualTo(OffsetDateTime.parse(firstDone.get("finishedAt").asString()));
        assertThat(executions(name)).hasSize(2);
    }

    @Test
    void executionsWaitingForTheSameRegistryStartByPriority() throws Exception {
        String blocker = policy(ONE_SLOT_REGISTRY, freshDestination(), ",\"limits\":{\"bytesPerSecond\":40960}");
        String low = policy(ONE_SLOT_REGISTRY, ",\"priority\":1");
        String high = policy(ONE_SLOT_REGISTRY, ",\"priority\":9");
        String mid = policy(ONE_SLOT_REGISTRY, ",\"priority\":5");
        String first = trigger(blocker).get("id").asString();
        awaitStatus(first, "RUNNING");
        List<String> ids = new ArrayList<>();
        for (String name : List.of(low, high, mid)) {
            JsonNode answer = trigger(name);
            assertThat(answer.get("status").asString()).isEqualTo("QUEUED");
            ids.add(answer.get("id").asString());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM executions WHERE id IN (?::uuid, ?::uuid, ?::uuid)"
                + " AND awaiting_slot", Integer.class, ids.toArray())).as("all three wait for the one slot").isEqualTo(3);

        List<JsonNode> done = new ArrayList<>();
        done.add(awaitDone(first));
        for (String id : ids) {
            done.add(awaitDone(id));
        }
        done.forEach(d -> assertThat(d.get("status").asString()).as(d.toString()).isEqualTo("SUCCEEDED"));
        List<String> byStart = done.stream()
                .sorted(java.util.Comparator.comparing(d -> OffsetDateTime.parse(d.get("startedAt").asString())))
                .map(d -> d.get("policy").asString()).toList();
        assertThat(byStart).containsExactly(blocker, high, mid, low);
        Map<String, JsonNode> byPolicy = new java.util.HashMap<>();
        done.forEach(d -> byPolicy.put(d.get("policy").asString(), d));
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(OffsetDateTime.parse(byPolicy.get(byStart.get(i)).get("startedAt").asString()))
                    .as("one slot: " + byStart.get(i) + " starts after " + byStart.get(i - 1) + " finished")
                    .isAfterOrEqualTo(OffsetDateTime.parse(byPolicy.get(byStart.get(i - 1)).get("finishedAt").asString()));
        }
    }

    @Test
    void refusesBadRunSettingsNamingEveryFieldAtOnce() {
        HttpResponse<String> refused = postJson("/api/v1/policies", "{\"name\":\"" + unique("conc-bad") + "\","
                + "\"source\":{\"registry\":\"" + SOURCE + "\",\"repositories\":[\"conc/**\"]},"
                + "\"destinations\":[{\"registry\":\"" + DESTINATION + "\",\"namespace\":\"bad\"}],"
                + "\"concurrency\":\"parallel\",\"limits\":{\"bytesPerSecond\":1,\"parallelArtifacts\":0},\"priority\":2000}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        JSON.readTree(refused.body()).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactly("concurrency", "limits.bytesPerSecond", "limits.parallelArtifacts", "priority");
    }

    @Test
    void theOpenApiDocumentDescribesTheRunSettings() {
        JsonNode docs = JSON.readTree(getAnonymous("/v3/api-docs").body());
        JsonNode policy = docs.get("components").get("schemas").get("Policy").get("properties");
        assertThat(policy.has("deletes") && policy.has("concurrency") && policy.has("limits") && policy.has("priority"))
                .as(policy.toString()).isTrue();
        assertThat(docs.get("components").get("schemas").get("Limits").get("properties").has("parallelArtifacts")).isTrue();
        assertThat(docs.toString()).contains("WAITING behind the active one");
    }

    private JsonNode trigger(String policy) {
        HttpResponse<String> response = postJson("/api/v1/policies/" + policy + "/executions", "");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body());
    }

    /** {@value #TRIGGERS} triggers released at the same instant; each answer with its HTTP status as "code". */
    private List<JsonNode> triggerAtOnce(String policy) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < TRIGGERS; i++) {
                Callable<JsonNode> call = () -> {
                    gate.await();
                    HttpResponse<String> response = postJson("/api/v1/policies/" + policy + "/executions", "");
                    assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
                    JsonNode body = JSON.readTree(response.body());
                    ((tools.jackson.databind.node.ObjectNode) body).put("code", response.statusCode());
                    return body;
                };
                futures.add(threads.submit(call));
            }
            gate.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<JsonNode> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<Map<String, Object>> executions(String policy) {
        return jdbc.queryForList("SELECT id, status, started_at, finished_at FROM executions WHERE policy_name = ?"
                + " ORDER BY created_at", policy);
    }

    private void awaitStatus(String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!JSON.readTree(get("/api/v1/executions/" + id).body()).get("status").asString().equals(status)) {
            assertThat(Instant.now()).as("execution " + id + " to become " + status).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** Until the execution is neither waiting, queued, running nor stopping (120 s at most). */
    private JsonNode awaitDone(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode view = JSON.readTree(get("/api/v1/executions/" + id).body());
            String status = view.get("status").asString();
            if (!List.of("WAITING", "QUEUED", "RUNNING", "STOPPING").contains(status)) {
                return view;
            }
            assertThat(Instant.now()).as("execution " + id + " to finish; now " + view).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
