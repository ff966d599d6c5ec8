package io.meridian.server.notifications;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 outgoing notifications, end to end: a real execution on real registries ends, a real HTTP receiver gets
 * the signed summary (the test recomputes the HMAC itself), failing receivers are retried with every attempt
 * recorded, and the secret never comes back.
 */
class NotificationsApiTest extends ServerTestBase {

    private static LocalRegistry source;
    private static LocalRegistry destination;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        SampleImages images = new SampleImages(new RegistryClient(OciTransport.create(), source.endpoint()), 14);
        RepositoryName app = RepositoryName.parse("notif/app");
        images.image(app, "v1", List.of(images.layer(app, 2000)));
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
    }

    /** A policy copying notif/** from the source to the destination; returns its name. */
    private String policy() {
        String region = unique("notif-region");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
        String src = unique("notif-src");
        String dst = unique("notif-dst");
        for (String[] r : List.of(new String[] {src, source.url()}, new String[] {dst, destination.url()})) {
            HttpResponse<String> created = postJson("/api/v1/registries", "{\"name\":\"" + r[0] + "\",\"region\":\""
                    + region + "\",\"url\":\"" + r[1] + "\",\"insecure\":true}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        String policy = unique("notif-policy");
        HttpResponse<String> created = postJson("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\""
                + src + "\",\"repositories\":[\"notif/**\"]},\"destinations\":[{\"registry\":\"" + dst
                + "\",\"namespace\":\"" + policy + "\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return policy;
    }

    private String notification(String url, String secret) {
        String name = unique("notif");
        HttpResponse<String> created = postJson("/api/v1/notifications", "{\"name\":\"" + name + "\",\"url\":\"" + url
                + "\",\"events\":[\"execution.succeeded\",\"execution.partial\",\"execution.failed\"],\"secret\":\""
                + secret + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(secret).doesNotContain("secret");
        return name;
    }

    private String runToEnd(String policy) {
        HttpResponse<String> triggered = postJson("/api/v1/policies/" + policy + "/executions", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        String id = json(triggered).get("id").asString();
        assertThat(awaitExecutionFinished(id).get("status").asString()).isEqualTo("SUCCEEDED");
        return id;
    }

    /** The delivery of {@code execution} to {@code notification} once it is no longer PENDING. */
    private JsonNode finishedDelivery(String notification, String execution) {
        JsonNode[] found = new JsonNode[1];
        await("delivery of " + execution + " to " + notification, () -> {
            for (JsonNode d : json(get("/api/v1/notifications/" + notification + "/deliveries?size=500")).get("items")) {
                if (d.get("execution").asString().equals(execution) && !d.get("state").asString().equals("PENDING")) {
                    found[0] = d;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Written here from the documented contract, independently of the server's SignedPost. */
    private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aFinishedExecutionIsPostedSignedWithTheHmacOfTheBody() throws Exception {
        String secret = Canaries.NOTIFICATION_SECRET;
        try (ReceiverServer receiver = new ReceiverServer(List.of(), 204)) {
            String name = notification(receiver.url(), secret);
            String execution = runToEnd(policy());

            JsonNode delivery = finishedDelivery(name, execution);
            assertThat(delivery.get("state").asString()).as(delivery.toString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("statusCode").asInt()).isEqualTo(204);
            assertThat(delivery.get("event").asString()).isEqualTo("execution.succeeded");

            ReceiverServer.Received got = receiver.received.stream()
                    .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(execution)).findFirst()
                    .orElseThrow(() -> new AssertionError("the receiver got nothing about " + execution));
            assertThat(got.header("X-Meridian-Signature")).isEqualTo("sha256=" + hmacSha256Hex(secret, got.body()));
            assertThat(got.header("X-Meridian-Signature")).isNotEqualTo("sha256=" + hmacSha256Hex(secret + "x", got.body()));
            assertThat(got.header("Content-Type")).isEqualTo("application/json");
            assertThat(got.header("X-Meridian-Event")).isEqualTo("execution.succeeded");
            JsonNode body = json(new String(got.body(), StandardCharsets.UTF_8));
            assertThat(body.get("event").asString()).isEqualTo("execution.succeeded");
            assertThat(body.get("notification").asString()).isEqualTo(name);
            assertThat(body.get("delivery").asLong()).isEqualTo(delivery.get("id").asLong());
            assertThat(body.get("execution").get("id").asString()).isEqualTo(execution);
            assertThat(body.get("execution").get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(body.get("execution").get("summary").get("artifacts").get("copied").asLong()).isEqualTo(1);

            // the secret is write-only
            for (String path : List.of("/api/v1/notifications", "/api/v1/notifications/" + name,
                    "/api/v1/notifications/" + name + "/deliveries")) {
                HttpResponse<String> read = get(path);
                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(read.body()).as(path).doesNotContain(secret);
            }
            assertThat(json(get("/api/v1/notifications/" + name)).get("url").asString()).isEqualTo(receiver.url());
            assertThat(delete("/api/v1/notifications/" + name).statusCode()).isEqualTo(204);
            assertThat(get("/api/v1/notifications/" + name).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndEveryAttemptIsRecorded() {
        try (ReceiverServer flaky = new ReceiverServer(List.of(503, 502), 200);
             ReceiverServer down = new ReceiverServer(List.of(), 500);
             ReceiverServer refusing = new ReceiverServer(List.of(), 404)) {
            String recovers = notification(flaky.url(), "s-flaky-" + RUN);
            String fails = notification(down.url(), "s-down-" + RUN);
            String permanent = notification(refusing.url(), "s-refusing-" + RUN);
            String execution = runToEnd(policy());

            JsonNode recovered = finishedDelivery(recovers, execution);
            assertThat(recovered.get("state").asString()).as(recovered.toString()).isEqualTo("DELIVERED");
            assertThat(recovered.get("attempts").asInt()).isEqualTo(3);
            assertThat(recovered.get("history").findValues("statusCode")).extracting(JsonNode::asInt)
                    .containsExactly(503, 502, 200);
            assertThat(recovered.get("history").get(0).get("error").asString()).isEqualTo("answered 503");
            assertThat(recovered.get("history").findValues("attempt")).extracting(JsonNode::asInt).containsExactly(1, 2, 3);
            assertThat(Duration.between(OffsetDateTime.parse(recovered.get("history").get(0).get("at").asString()),
                    OffsetDateTime.parse(recovered.get("history").get(1).get("at").asString())))
                    .as("the backoff between attempts (initial-backoff 100ms)").isGreaterThanOrEqualTo(Duration.ofMillis(90));

            JsonNode failed = finishedDelivery(fails, execution);
            assertThat(failed.get("state").asString()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("attempts").asInt()).as("meridian.notifications.max-attempts").isEqualTo(3);
            assertThat(failed.get("statusCode").asInt()).isEqualTo(500);

            JsonNode refused = finishedDelivery(permanent, execution);
            assertThat(refused.get("state").asString()).isEqualTo("FAILED");
            assertThat(refused.get("attempts").asInt()).as("a 404 is not retried").isEqualTo(1);

            assertThat(json(get("/api/v1/executions/" + execution)).get("status").asString())
                    .as("a failing receiver does not touch the execution").isEqualTo("SUCCEEDED");
            List.of(recovers, fails, permanent).forEach(n -> delete("/api/v1/notifications/" + n));
        }
    }

    @Test
    void aDeliveryLeftByADeadNodeIsResumedCountingItsAttempts() {
        try (ReceiverServer receiver = new ReceiverServer(List.of(), 204)) {
            String name = notification(receiver.url(), "s-resume-" + RUN);
            // what a node that died mid-delivery leaves: a PENDING delivery it claimed, one attempt recorded
            UUID execution = UUID.randomUUID();
            JdbcClient jdbc = JdbcClient.create(DB.dataSource());
            // one statement, so the dispatcher never sees the execution without its delivery
            long delivery = jdbc.sql("""
                    WITH e AS (INSERT INTO executions (id, policy_name, status, trigger, started_at, finished_at)
                               VALUES (:execution, :policy, 'FAILED', 'manual', now(), now()) RETURNING id),
                         d AS (INSERT INTO notification_deliveries (notification_id, execution_id, event, attempts,
                                                                   last_error, claimed_until)
                               SELECT n.id, e.id, 'execution.failed', 1, 'connection reset', now() + INTERVAL '1 second'
                                 FROM notifications n, e WHERE n.name = :name RETURNING id)
                    INSERT INTO notification_attempts (delivery_id, attempt, started_at, duration_ms, error)
                    SELECT id, 1, now(), 5, 'connection reset' FROM d RETURNING delivery_id""")
                    .param("execution", execution).param("policy", unique("dead-node")).param("name", name)
                    .query(Long.class).single();

            JsonNode resumed = finishedDelivery(name, execution.toString());
            assertThat(resumed.get("id").asLong()).isEqualTo(delivery);
            assertThat(resumed.get("state").asString()).isEqualTo("DELIVERED");
            assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
            assertThat(resumed.get("history").findValues("statusCode")).extracting(JsonNode::isNull)
                    .containsExactly(true, false);
            assertThat(resumed.get("history").get(1).get("statusCode").asInt()).isEqualTo(204);
            List<ReceiverServer.Received> about = receiver.received.stream()
                    .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(execution.toString())).toList();
            assertThat(about).hasSize(1);
            assertThat(about.get(0).header("X-Meridian-Delivery")).isEqualTo(Long.toString(delivery));
            delete("/api/v1/notifications/" + name);
        }
    }

    @Test
    void theOpenApiDocumentDescribesNotificationsAndTheGate() {
        JsonNode doc = json(get("/v3/api-docs"));
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/v1/notifications")).isTrue();
        assertThat(paths.get("/api/v1/notifications").has("post")).isTrue();
        assertThat(paths.get("/api/v1/notifications").has("get")).isTrue();
        assertThat(paths.get("/api/v1/notifications/{name}").has("get")).isTrue();
        assertThat(paths.get("/api/v1/notifications/{name}").has("delete")).isTrue();
        assertThat(paths.get("/api/v1/notifications/{name}/deliveries").get("get").get("parameters").toString())
                .contains("page").contains("size");
        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.get("NotificationBody").get("properties").has("secret")).isTrue();
        assertThat(schemas.get("NotificationView").get("properties").has("secret")).as("never answered").isFalse();
        assertThat(schemas.get("Policy").get("properties").has("gate")).isTrue();
        assertThat(schemas.get("Gate").get("properties").has("maxSeverity")).isTrue();
    }

    @Test
    void refusesBadNotificationsNamingEachField() {
        HttpResponse<String> bad = postJson("/api/v1/notifications", "{\"name\":\"Bad Name\",\"url\":\"ftp://x/y\","
                + "\"events\":[\"execution.succeeded\",\"execution.exploded\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"name\"").contains("\"url\"").contains("events[1]").contains("\"secret\"");
        HttpResponse<String> metadata = postJson("/api/v1/notifications", "{\"name\":\"" + unique("meta")
                + "\",\"url\":\"http://169.254.169.254/latest\",\"events\":[\"execution.failed\"],\"secret\":\"s\"}");
        assertThat(metadata.statusCode()).isEqualTo(400);
        assertThat(metadata.body()).contains("\"url\"").contains("refused");
        HttpResponse<String> credentials = postJson("/api/v1/notifications", "{\"name\":\"" + unique("cred")
                + "\",\"url\":\"https://u:p@hooks.example.com/x\",\"events\":[\"execution.failed\"],\"secret\":\"s\"}");
        assertThat(credentials.statusCode()).isEqualTo(400);
        assertThat(credentials.body()).contains("must not carry credentials").doesNotContain("u:p@");
        String name = unique("dup");
        String body = "{\"name\":\"" + name + "\",\"url\":\"https://hooks.example.com/x\",\"events\":[\"execution.failed\"],"
                + "\"secret\":\"s\"}";
        assertThat(postJson("/api/v1/notifications", body).statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/notifications", body).statusCode()).isEqualTo(409);
        assertThat(get("/api/v1/notifications/" + unique("absent") + "/deliveries").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/notifications/" + name + "/deliveries?size=0").statusCode()).isEqualTo(400);
        delete("/api/v1/notifications/" + name);
    }
}
