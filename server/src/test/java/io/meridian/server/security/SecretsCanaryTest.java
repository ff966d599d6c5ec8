package io.meridian.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * Canary secrets — a registry password (right and wrong), the admin token, the secret key — go
 * through the API flows that handle them: registration, update, health check, a replication that
 * authenticates at a real registry, one that fails authentication. Then every log line captured,
 * every API response body and a {@code pg_dump} of the database are scanned: zero hits.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsCanaryTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void noCanarySecretAppearsInLogsResponsesOrTheDatabase(CapturedOutput output) throws Exception {
        String password = Canaries.REGISTRY_PASSWORD;
        String wrongPassword = Canaries.WRONG_PASSWORD;
        List<String> canaries = Canaries.all();
        List<String> responses = new ArrayList<>();
        try (LocalRegistry source = LocalRegistry.basic("canary-user", password);
             LocalRegistry destination = LocalRegistry.anonymous()) {
            new SampleImages(new RegistryClient(OciTransport.create(),
                    source.endpoint(Credentials.basic("canary-user", password))), 3)
                    .image(RepositoryName.parse("canary/app"), "v1", List.of());
            responses.add(ok(postJson("/api/v1/regions", "{\"name\":\"canary-region\"}"), 201));
            responses.add(ok(postJson("/api/v1/registries", registry("canary-src", source.url(), password)), 201));
            responses.add(ok(postJson("/api/v1/registries", registry("canary-bad", source.url(), wrongPassword)), 201));
            responses.add(ok(postJson("/api/v1/registries", "{\"name\":\"canary-dst\",\"region\":\"canary-region\","
                    + "\"url\":\"" + destination.url() + "\",\"insecure\":true}"), 201));
            responses.add(ok(putJson("/api/v1/registries/canary-src", "{\"region\":\"canary-region\",\"url\":\""
                    + source.url() + "\",\"insecure\":true,\"username\":\"canary-user\"}"), 200));
            responses.add(ok(postJson("/api/v1/registries", registry("canary-src", source.url(), password)), 409));
            responses.add(ok(postJson("/api/v1/registries", registry("Canary Bad Name", source.url(), password)), 400));
            java.util.Map<String, String> statuses = new java.util.TreeMap<>();
            for (String policy : List.of("canary-ok", "canary-fail")) {
                responses.add(ok(postJson("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\""
                        + (policy.equals("canary-ok") ? "canary-src" : "canary-bad") + "\",\"repositories\":[\"canary/**\"]},"
                        + "\"destinations\":[{\"registry\":\"canary-dst\"}]}"), 201));
                String id = JSON.readTree(ok(postJson("/api/v1/policies/" + policy + "/executions", ""), 202))
                        .get("id").asString();
                String done = awaitFinished(id);
                responses.add(done);
                statuses.put(policy, JSON.readTree(done).get("status").asString());
                responses.add(ok(get("/api/v1/executions/" + id + "/tasks"), 200));
            }
            assertThat(statuses).as("the authenticated replication ran, the wrong password failed")
                    .containsEntry("canary-ok", "SUCCEEDED").doesNotContainEntry("canary-fail", "SUCCEEDED");
            for (String path : List.of("/api/v1/registries", "/api/v1/registries/canary-src",
                    "/api/v1/registries/canary-src/health", "/api/v1/registries/canary-bad/health", "/api/v1/policies",
                    "/api/v1/executions", "/actuator/prometheus", "/v3/api-docs")) {
                responses.add(get(path).body());
            }
        }
        String dump = pgDump();
        assertThat(dump).as("the dump holds the registries").contains("canary-src");
        List<String> hits = new ArrayList<>();
        for (String canary : canaries) {
            if (output.getAll().contains(canary)) {
                hits.add("log output contains " + label(canary));
            }
            for (int i = 0; i < responses.size(); i++) {
                if (responses.get(i).contains(canary)) {
                    hits.add("API response #" + i + " contains " + label(canary));
                }
            }
            if (dump.contains(canary)) {
                hits.add("pg_dump contains " + label(canary));
            }
        }
        assertThat(output.getAll()).as("the flows were logged").contains("canary-ok");
        assertThat(hits).as("secrets found").isEmpty();
    }

    private static String label(String canary) {
        return Canaries.label(canary);
    }

    private static String registry(String name, String url, String password) {
        return "{\"name\":\"" + name + "\",\"region\":\"canary-region\",\"url\":\"" + url + "\",\"insecure\":true,"
                + "\"username\":\"canary-user\",\"password\":\"" + password + "\"}";
    }

    private static String ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

    private String awaitFinished(String id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String body = get("/api/v1/executions/" + id).body();
            String status = JSON.readTree(body).get("status").asString();
            if (!List.of("QUEUED", "RUNNING", "STOPPING").contains(status)) {
                return body;
            }
            assertThat(System.nanoTime()).as("execution " + id + " finished within 90 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static String pgDump() throws IOException, InterruptedException {
        Process dump = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", DB.user(), "--no-owner", DB.name())
                .redirectErrorStream(true).start();
        byte[] text = dump.getInputStream().readAllBytes();
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).as(new String(text, StandardCharsets.UTF_8)).isZero();
        return new String(text, StandardCharsets.UTF_8);
    }
}
