package io.meridian.server.triggers;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import io.meridian.sync.testing.TestImages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Push-event triggers end to end: real {@code docker-registry} instances notify the real server
 * (bearer token in the endpoint headers), which debounces and starts scoped executions that copy
 * to a real destination registry.
 */
class WebhookTriggerTest extends ServerTestBase {

    private static final OciTransport TRANSPORT = OciTransport.create();
    private static final TestImages IMAGES = new TestImages(20261128);
    private static final List<LocalRegistry> STARTED = new ArrayList<>();
    private static LocalRegistry scopedSource;
    private static LocalRegistry burstSource;
    private static LocalRegistry busySource;
    private static LocalRegistry destination;

    @Autowired
    MeterRegistry meters;
    @Autowired
    EventDebouncer debouncer;

    /** Registries need the server's port for their notification URL, so they start once it is known. */
    @BeforeEach
    void registries() {
        if (destination != null) {
            return;
        }
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('hook-region') ON CONFLICT DO NOTHING");
        destination = register(jdbc, "hook-dst", LocalRegistry.anonymous());
        scopedSource = register(jdbc, "hook-src", notifying("hook-src"));
        burstSource = register(jdbc, "burst-src", notifying("burst-src"));
        busySource = register(jdbc, "busy-src", notifying("busy-src"));
    }

    private LocalRegistry notifying(String name) {
        return LocalRegistry.builder().withNotifications(uri("/api/v1/webhooks/registries/" + name).toString(),
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).start();
    }

    private static LocalRegistry register(JdbcTemplate jdbc, String name, LocalRegistry registry) {
        STARTED.add(registry);
        jdbc.update("""
                INSERT INTO registries (name, region_id, url, insecure)
                SELECT ?, id, ?, true FROM regions WHERE name = 'hook-region'""", name, registry.url());
        return registry;
    }

    @AfterAll
    static void stopRegistries() {
        STARTED.forEach(LocalRegistry::close);
    }

    private static Digest push(LocalRegistry registry, String repository, String tag) {
        TestImages.Image image = IMAGES.ociImage(1, 2000);
        TestImages.push(new RegistryClient(TRANSPORT, registry.endpoint()), RepositoryName.parse(repository), tag, image);
        return image.digest();
    }

    private static Optional<Digest> at(LocalRegistry registry, String repository, String tag) {
        return new RegistryClient(TRANSPORT, registry.endpoint())
                .headManifest(RepositoryName.parse(repository), Reference.tag(tag)).map(Descriptor::digest);
    }

    private static String eventPolicy(String name, String source, String glob, int debounceSeconds) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"" + source + "\",\"repositories\":[\"" + glob
                + "\"]},\"destinations\":[{\"registry\":\"hook-dst\"}],"
                + "\"trigger\":{\"type\":\"event\",\"debounceSeconds\":" + debounceSeconds + "}}";
    }

    private static List<UUID> executions(String policy) {
        return new JdbcTemplate(DB.dataSource()).queryForList(
                "SELECT id FROM executions WHERE policy_name = ? ORDER BY created_at", UUID.class, policy);
    }

    private JsonNode awaitFinished(UUID id) {
        return Await.until("execution " + id + " to finish", Duration.ofSeconds(90), () -> {
            JsonNode view = json(get("/api/v1/executions/" + id));
            return List.of("QUEUED", "RUNNING", "STOPPING").contains(view.get("status").asString())
                    ? Optional.empty() : Optional.of(view);
        });
    }

    private double events(String registry, String outcome) {
        Counter counter = meters.find(WebhookController.EVENTS_METRIC).tags("registry", registry, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> notify(String registry, String body) {
        return send(authorized("/api/v1/webhooks/registries/" + registry)
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aPushedTagIsCopiedAloneByOneScopedExecution() {
        Digest old1 = push(scopedSource, "hook/app", "old1");
        push(scopedSource, "hook/app", "old2");
        push(scopedSource, "hook/other", "x1");
        // those pushes came before the policy: let their notifications land (matching nothing) first
        Await.until("3 unmatched pushes from hook-src", Duration.ofSeconds(30), () -> events("hook-src", "unmatched") >= 3);
        HttpResponse<String> created = postJson("/api/v1/policies", eventPolicy("hook-scoped", "hook-src", "hook/**", 1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Digest pushed = push(scopedSource, "hook/app", "new");

        UUID id = Await.until("an execution of hook-scoped", Duration.ofSeconds(30),
                () -> executions("hook-scoped").stream().findFirst());
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("trigger").asString()).isEqualTo("event");
        assertThat(done.get("summary").get("artifacts").get("total").asLong()).as(done.toString()).isEqualTo(1);
        assertThat(done.get("summary").get("artifacts").get("copied").asLong()).isEqualTo(1);
        assertThat(at(destination, "hook/app", "new")).contains(pushed);
        byte[] copied = Skopeo.inspectRaw(destination, "hook/app:new");
        assertThat(Digest.sha256Of(copied)).as("skopeo's view of the copy").isEqualTo(pushed);
        assertThat(copied).isEqualTo(Skopeo.inspectRaw(scopedSource, "hook/app:new"));
        assertThat(at(destination, "hook/app", "old1")).as("old tag, not pushed since the policy exists").isEmpty();
        assertThat(at(destination, "hook/app", "old2")).isEmpty();
        assertThat(at(destination, "hook/other", "x1")).isEmpty();
        assertThat(at(scopedSource, "hook/app", "old1")).contains(old1);

        JsonNode snapshot = json(new JdbcTemplate(DB.dataSource()).queryForObject(
                "SELECT policy_snapshot::text FROM executions WHERE id = ?", String.class, id));
        assertThat(snapshot.get("source").get("repositories").toString()).isEqualTo("[\"hook/app\"]");
        assertThat(snapshot.get("tags").get("include").toString()).isEqualTo("[\"new\"]");

        Await.until("nothing pending for hook-scoped", Duration.ofSeconds(30), () -> debouncer.idle("hook-scoped"));
        assertThat(executions("hook-scoped")).containsExactly(id);
    }

    @Test
    void twoPushesInsideTheDebounceWindowStartOneExecution() {
        HttpResponse<String> created = postJson("/api/v1/policies", eventPolicy("hook-burst", "burst-src", "burst/**", 3));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Digest first = push(burstSource, "burst/app", "b1");
        Digest second = push(burstSource, "burst/tool", "b2");

        UUID id = Await.until("an execution of hook-burst", Duration.ofSeconds(30),
                () -> executions("hook-burst").stream().findFirst());
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("summary").get("artifacts").get("copied").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(at(destination, "burst/app", "b1")).contains(first);
        assertThat(at(destination, "burst/tool", "b2")).contains(second);
        Await.until("nothing pending for hook-burst", Duration.ofSeconds(30), () -> debouncer.idle("hook-burst"));
        assertThat(executions("hook-burst")).containsExactly(id);
    }

    @Test
    void pushesWhileThePolicyRunsWaitForItAndAreThenCopied() {
        assertThat(postJson("/api/v1/policies", eventPolicy("hook-busy", "busy-src", "busy/**", 0)).statusCode()).isEqualTo(201);
        // stands for a long run already in progress: the policy's one active execution
        UUID running = UUID.randomUUID();
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot)
                SELECT ?, id, name, 'RUNNING', 'manual', definition FROM policies WHERE name = 'hook-busy'""", running);

        Digest pushed = push(busySource, "busy/app", "t1");
        Await.until("the pushed tag pending behind the running execution", Duration.ofSeconds(30),
                () -> debouncer.pendingPairs("hook-busy") == 1);
        assertThat(executions("hook-busy")).containsExactly(running);

        jdbc.update("UPDATE executions SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?", running);
        UUID id = Await.until("an event execution of hook-busy after the running one", Duration.ofSeconds(30),
                () -> executions("hook-busy").stream().filter(e -> !e.equals(running)).findFirst());
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("summary").get("artifacts").get("copied").asLong()).isEqualTo(1);
        assertThat(at(destination, "busy/app", "t1")).contains(pushed);
    }

    @Test
    void aSteadyStreamOfPushesCannotPostponeTheRunBeyondTheCap() {
        assertThat(postJson("/api/v1/policies", eventPolicy("hook-stream", "hook-src", "stream/**", 1)).statusCode())
                .isEqualTo(201);
        String digest = "sha256:" + "ef".repeat(32);
        long start = System.nanoTime();
        long capNanos = Duration.ofSeconds(EventDebouncer.MAX_WAIT_FACTOR).toNanos();
        Optional<UUID> started = Optional.empty();
        // a push every 300 ms, well inside the 1 s quiet period: only the cap can start a run
        for (int i = 0; started.isEmpty() && System.nanoTime() - start < 3 * capNanos; i++) {
            HttpResponse<String> response = notify("hook-src", ("{\"events\":[{\"action\":\"push\",\"target\":{"
                    + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\","
                    + "\"repository\":\"stream/app\",\"tag\":\"s%d\"}}]}").formatted(digest, i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            started = executions("hook-stream").stream().findFirst();
        }
        long waited = System.nanoTime() - start;
        assertThat(started).as("a run started while pushes kept coming").isPresent();
        assertThat(Duration.ofNanos(waited)).as("started after at most the cap (+ margin)")
                .isLessThan(Duration.ofNanos(capNanos).plusSeconds(2)).isGreaterThan(Duration.ofSeconds(1));
        awaitFinished(started.get());
        Await.until("nothing pending for hook-stream", Duration.ofSeconds(60), () -> debouncer.idle("hook-stream"));
    }

    @Test
    void pendingPushesAreDroppedWhenThePolicyStopsBeingEventTriggered() {
        assertThat(postJson("/api/v1/policies", eventPolicy("hook-switch", "hook-src", "switch/**", 600)).statusCode())
                .isEqualTo(201);
        HttpResponse<String> response = notify("hook-src", """
                {"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "digest":"sha256:%s","repository":"switch/app","tag":"v1"}}]}""".formatted("12".repeat(32)));
        assertThat(json(response).get("policies").get("hook-switch").asInt()).as(response.body()).isEqualTo(1);
        assertThat(debouncer.pendingPairs("hook-switch")).isEqualTo(1);

        HttpResponse<String> manual = putJson("/api/v1/policies/hook-switch",
                eventPolicy("hook-switch", "hook-src", "switch/**", 600).replaceAll("\\{\"type\":\"event\"[^}]*}", "{\"type\":\"manual\"}"));
        assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
        assertThat(json(manual).get("trigger").get("type").asString()).isEqualTo("manual");
        assertThat(debouncer.idle("hook-switch")).isTrue();
        assertThat(executions("hook-switch")).isEmpty();
    }

    @Test
    void blobPushesAndPullsAreIgnored() {
        String digest = "sha256:" + "cd".repeat(32);
        HttpResponse<String> response = notify("hook-src", """
                {"events":[
                  {"action":"push","target":{"mediaType":"application/octet-stream","digest":"%1$s","repository":"hook/app"}},
                  {"action":"pull","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%1$s","repository":"hook/app","tag":"v9"}}
                ]}""".formatted(digest));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = json(response);
        assertThat(answer.get("pushedTags").asInt()).isZero();
        assertThat(answer.get("ignoredEvents").asInt()).isEqualTo(2);
        assertThat(answer.get("policies").size()).isZero();
    }

    @Test
    void badBodiesAre400NamingTheField() {
        assertThat(errorFields(notify("hook-src", "{\"events\":[{\"action\":\"push\",\"target\":{\"mediaType\":\"m\","
                + "\"digest\":\"sha256:nothex\",\"repository\":\"hook/app\",\"tag\":\"v1\"}}]}")))
                .containsExactly("events[0].target.digest");
        assertThat(errorFields(notify("hook-src", "{\"events\":\"none\"}"))).containsExactly("events");
        assertThat(errorFields(notify("hook-src", "{\"events\":[{\"action\":\"push\"}]}"))).containsExactly("events[0].target");
        assertThat(errorFields(notify("hook-src", "this is not json"))).containsExactly("$");
        assertThat(errorFields(notify("hook-src", ""))).containsExactly("$");
        String huge = "{\"events\":[" + "{\"action\":\"pull\"},".repeat(WebhookController.MAX_BODY_BYTES / 10) + "]}";
        assertThat(problem(notify("hook-src", huge), 413).get("detail").asString()).contains("at most");
    }

    @Test
    void noTokenIs401AndAnUnknownRegistryIs404() {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/v1/webhooks/registries/hook-src"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build());
        problem(anonymous, 401);
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(uri("/api/v1/webhooks/registries/hook-src"))
                .header("Authorization", "Bearer not-the-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build());
        problem(wrongToken, 401);
        problem(notify("nowhere", "{\"events\":[]}"), 404);
    }
}
