package io.meridian.server.api.registries;

import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.meridian.sync.testing.TlsTestServer;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** {@code GET /registries/{name}/health} against real distribution registries on loopback. */
class RegistryHealthApiTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);
    private static LocalRegistry anonymous;
    private static LocalRegistry basic;

    @BeforeAll
    static void startRegistries() {
        anonymous = LocalRegistry.anonymous();
        basic = LocalRegistry.basic("robot", Canaries.REGISTRY_PASSWORD);
    }

    @AfterAll
    static void stopRegistries() {
        if (anonymous != null) {
            anonymous.close();
        }
        if (basic != null) {
            basic.close();
        }
    }

    @Test
    void anOpenRegistryIsReachableWith200() {
        Instant before = Instant.now();
        JsonNode health = health(register("open", anonymous.url()));
        assertThat(health.get("reachable").asBoolean()).isTrue();
        assertThat(health.get("status").asInt()).isEqualTo(200);
        assertThat(health.get("apiVersion").asString()).isEqualTo("registry/2.0");
        assertThat(health.get("latencyMs").asLong()).isBetween(0L, 10_000L);
        Instant checkedAt = Instant.parse(health.get("checkedAt").asString());
        assertThat(checkedAt).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(health.get("error").isNull()).isTrue();
    }

    @Test
    void aRegistryAskingForCredentialsIsReachableWith401() {
        JsonNode health = health(register("locked", basic.url()));
        assertThat(health.get("reachable").asBoolean()).isTrue();
        assertThat(health.get("status").asInt()).isEqualTo(401);
    }

    @Test
    void nothingListeningIsUnreachableWithAReason() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JsonNode health = health(register("dead", "http://127.0.0.1:" + closedPort));
        assertThat(health.get("reachable").asBoolean()).isFalse();
        assertThat(health.get("status").isNull()).isTrue();
        assertThat(health.get("error").asString()).isNotBlank();
    }

    @Test
    void aRegistryWithAPrivateCaIsReachableThroughItsCaBundleOnly(@TempDir Path dir) {
        try (TlsTestServer tls = TlsTestServer.start(dir).json("/v2/", "{}")) {
            String region = "tls-region-" + RUN;
            postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
            String without = "tls-plain-" + RUN;
            String with = "tls-ca-" + RUN;
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + without + "\",\"region\":\"" + region
                    + "\",\"url\":\"" + tls.url() + "\"}").statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + with + "\",\"region\":\"" + region
                    + "\",\"url\":\"" + tls.url() + "\",\"caBundle\":\"" + tls.caBundle() + "\"}").statusCode())
                    .isEqualTo(201);
            assertThat(health(without).get("reachable").asBoolean()).isFalse();
            JsonNode trusted = health(with);
            assertThat(trusted.get("reachable").asBoolean()).as(trusted.toString()).isTrue();
            assertThat(trusted.get("status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownRegistryIs404() {
        problem(get("/api/v1/registries/none-" + RUN + "/health"), 404);
    }

    private String register(String base, String url) {
        String region = base + "-region-" + RUN;
        String name = base + "-" + RUN;
        postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"url\":\"" + url + "\",\"insecure\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return name;
    }

    private JsonNode health(String registry) {
        HttpResponse<String> r = send(authorized("/api/v1/registries/" + registry + "/health").timeout(Duration.ofSeconds(30))
                .GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }
}
