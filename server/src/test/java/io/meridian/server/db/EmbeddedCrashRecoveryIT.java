package io.meridian.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.testing.KeptLogs;
import io.meridian.server.testing.PackagedServer;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default survives {@code kill -9}: the packaged server runs with no database
 * configured (its own PostgreSQL under MERIDIAN_HOME), is killed with SIGKILL — which leaves that
 * PostgreSQL running as an orphan on the data directory — and is started again on the same home.
 * The second start must stop the orphan, come up healthy and show everything the first one stored.
 */
class EmbeddedCrashRecoveryIT {

    private static final String TOKEN = Canaries.ADMIN_TOKEN;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void restartsHealthyOnTheSameDataAfterKillNine() throws Exception {
        Path home = Files.createTempDirectory("meridian-embedded-crash-it");
        Map<String, String> env = Map.of("MERIDIAN_SECRET_KEY", Canaries.SECRET_KEY);
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            new SampleImages(new RegistryClient(OciTransport.create(), src.endpoint()), 11)
                    .image(RepositoryName.parse("emb/app"), "v1", List.of());
            int port = PackagedServer.freePort();
            String executionId;
            JsonNode executionBefore;
            PackagedServer first = PackagedServer.start(home, port, TOKEN, env).awaitHealthy(Duration.ofSeconds(300));
            long orphanPid;
            try {
                first.api("POST", "/api/v1/regions", "{\"name\":\"emb-a\"}", 201);
                first.api("POST", "/api/v1/registries", "{\"name\":\"emb-src\",\"region\":\"emb-a\",\"url\":\""
                        + src.url() + "\",\"insecure\":true}", 201);
                first.api("POST", "/api/v1/registries", "{\"name\":\"emb-dst\",\"region\":\"emb-a\",\"url\":\""
                        + dst.url() + "\",\"insecure\":true}", 201);
                first.api("POST", "/api/v1/policies", "{\"name\":\"emb\",\"source\":{\"registry\":\"emb-src\","
                        + "\"repositories\":[\"emb/**\"]},\"destinations\":[{\"registry\":\"emb-dst\"}]}", 201);
                executionId = JSON.readTree(first.api("POST", "/api/v1/policies/emb/executions", "", 202))
                        .get("id").asString();
                PackagedServer.await(Duration.ofSeconds(120), "the execution finished",
                        () -> !List.of("QUEUED", "RUNNING").contains(status(first, executionId)));
                executionBefore = JSON.readTree(first.api("GET", "/api/v1/executions/" + executionId, null, 200));
                orphanPid = OrphanPostmaster.PidFile.read(home.resolve("pgdata")).orElseThrow().pid();
                // a crash point inside a webhook debounce window: the push is answered 202, then the process dies
                first.api("POST", "/api/v1/policies", "{\"name\":\"emb-event\",\"source\":{\"registry\":\"emb-src\","
                        + "\"repositories\":[\"emb/**\"]},\"destinations\":[{\"registry\":\"emb-dst\"}],"
                        + "\"trigger\":{\"type\":\"event\",\"debounceSeconds\":5}}", 201);
                first.api("POST", "/api/v1/webhooks/registries/emb-src", """
                        {"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                         "digest":"sha256:%s","repository":"emb/app","tag":"v1"}}]}""".formatted("ab".repeat(32)), 202);
            } finally {
                first.kill();
            }
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
                    .as("kill -9 leaves the embedded PostgreSQL running").contains(true);

            try (PackagedServer second = PackagedServer.start(home, port, TOKEN, env)) {
                second.awaitHealthy(Duration.ofSeconds(300));
                assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).as("the orphan was stopped")
                        .isEmpty();
                JsonNode executionAfter = JSON.readTree(second.api("GET", "/api/v1/executions/" + executionId, null,
                        200));
                assertThat(executionAfter.get("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(executionAfter.get("summary")).isEqualTo(executionBefore.get("summary"));
                assertThat(second.api("GET", "/api/v1/regions/emb-a", null, 200)).contains("emb-a");
                assertThat(second.api("GET", "/api/v1/registries/emb-src", null, 200)).contains(src.url());
                assertThat(second.api("GET", "/api/v1/policies/emb", null, 200)).contains("emb-dst");
                // the push answered before the kill is run after the restart
                PackagedServer.await(Duration.ofSeconds(120), "the event execution of the push from before the kill",
                        () -> JSON.readTree(second.api("GET", "/api/v1/executions?policy=emb-event", null, 200))
                                .toString().contains("SUCCEEDED"));
                // and it writes: a new execution on the restarted server
                String next = JSON.readTree(second.api("POST", "/api/v1/policies/emb/executions", "", 202))
                        .get("id").asString();
                PackagedServer.await(Duration.ofSeconds(120), "the second execution finished",
                        () -> status(second, next).equals("SUCCEEDED"));
            }
            assertThat(OrphanPostmaster.PidFile.read(home.resolve("pgdata"))
                    .flatMap(p -> ProcessHandle.of(p.pid())).filter(ProcessHandle::isAlive))
                    .as("a graceful stop stops the embedded PostgreSQL").isEmpty();
        } finally {
            stopLeftover(home);
            KeptLogs.keepServerLog(home); // also when a life never stopped (a failed run)
            PackagedServer.deleteTree(home);
        }
    }

    private static String status(PackagedServer server, String id) {
        return JSON.readTree(server.api("GET", "/api/v1/executions/" + id, null, 200)).get("status").asString();
    }

    /** A failed run must not leave a PostgreSQL behind on the machine. */
    private static void stopLeftover(Path home) {
        Optional<ProcessHandle> left = OrphanPostmaster.PidFile.read(home.resolve("pgdata"))
                .flatMap(p -> ProcessHandle.of(p.pid()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        left.ifPresent(p -> {
            p.destroy();
            p.onExit().join();
        });
    }
}
