package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.testing.HandedSecrets;
import io.meridian.server.testing.KeptLogs;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crash safety with a real process: the packaged server ({@code target/meridian-server.jar})
 * runs an execution, is killed with SIGKILL in the middle, and is started again. The execution
 * must resume and succeed, completed tasks must not be redone, no blob may be sent twice, and
 * a watcher polling the destination throughout must never see a tag whose content is missing.
 */
class CrashRecoveryIT {

    private static final String TOKEN = Canaries.ADMIN_TOKEN;
    private static final String KEY = Canaries.SECRET_KEY;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int REPOS = 4;
    private static final int TAGS = 6;
    private static final int LAYER = 512 * 1024;

    @Test
    void resumesAfterKillNineWithoutRedoingWorkOrExposingIncompleteTags() throws Exception {
        Path home = Files.createTempDirectory("meridian-crash-it");
        OciTransport transport = OciTransport.create();
        try (TestDatabase db = TestDatabase.create(); LocalRegistry src = LocalRegistry.anonymous();
             LocalRegistry dst = LocalRegistry.anonymous()) {
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            Map<String, ManifestBytes> pushed = pushDataSet(new RegistryClient(transport, src.endpoint()));
            int port = freePort();

            Process server = start(db, home, port);
            String id;
            Watcher watcher = new Watcher(new RegistryClient(transport, dst.endpoint()), pushed);
            List<Long> copiedBeforeKill;
            Map<Long, Timestamp> finishedBeforeKill = new LinkedHashMap<>();
            try {
                awaitHealthy(port, server);
                api(port, "POST", "/api/v1/regions", "{\"name\":\"crash-a\"}", 201);
                api(port, "POST", "/api/v1/registries", "{\"name\":\"crash-src\",\"region\":\"crash-a\",\"url\":\""
                        + src.url() + "\",\"insecure\":true}", 201);
                api(port, "POST", "/api/v1/registries", "{\"name\":\"crash-dst\",\"region\":\"crash-a\",\"url\":\""
                        + dst.url() + "\",\"insecure\":true}", 201);
                api(port, "POST", "/api/v1/policies", "{\"name\":\"crash\",\"source\":{\"registry\":\"crash-src\","
                        + "\"repositories\":[\"crash/**\"]},\"destinations\":[{\"registry\":\"crash-dst\"}]}", 201);
                id = JSON.readTree(api(port, "POST", "/api/v1/policies/crash/executions", "", 202)).get("id").asString();
                watcher.start();
                await(Duration.ofSeconds(120), "some tasks copied before the kill",
                        () -> count(jdbc, id, "COPIED") >= 4);
            } finally {
                server.destroyForcibly(); // SIGKILL: no shutdown hook, no Batch bookkeeping
                server.waitFor();
            }
            copiedBeforeKill = jdbc.queryForList(
                    "SELECT id FROM tasks WHERE execution_id = ?::uuid AND state = 'COPIED'", Long.class, id);
            jdbc.query("SELECT id, finished_at FROM tasks WHERE execution_id = ?::uuid AND state = 'COPIED'",
                    rs -> {
                        finishedBeforeKill.put(rs.getLong(1), rs.getTimestamp(2));
                    }, id);
            int total = REPOS * TAGS;
            assertThat(copiedBeforeKill.size()).as("killed in the middle").isBetween(1, total - 1);
            assertThat(jdbc.queryForObject("SELECT status FROM executions WHERE id = ?::uuid", String.class, id))
                    .isEqualTo("RUNNING");

            Process restarted = start(db, home, port);
            try {
                awaitHealthy(port, restarted);
                await(Duration.ofSeconds(180), "the execution resumed and finished", () -> {
                    String status = jdbc.queryForObject("SELECT status FROM executions WHERE id = ?::uuid",
                            String.class, id);
                    return !status.equals("RUNNING") && !status.equals("QUEUED");
                });
                JsonNode view = JSON.readTree(api(port, "GET", "/api/v1/executions/" + id, null, 200));
                assertThat(view.get("status").asString()).as(view.toString()).isEqualTo("SUCCEEDED");
                assertThat(view.get("summary").get("artifacts").get("copied").asLong()).isEqualTo(total);
            } finally {
                watcher.stop();
                restarted.destroy();
                restarted.waitFor();
            }

            assertThat(watcher.violations).as("tags seen before their content").isEmpty();
            assertThat(watcher.polls.get()).isGreaterThan(3);
            assertThat(watcher.transientErrors.get()).as("transient registry errors").isLessThan(watcher.polls.get());
            RegistryClient atDst = new RegistryClient(transport, dst.endpoint());
            pushed.forEach((ref, manifest) -> {
                String[] parts = ref.split(":");
                assertThat(atDst.headManifest(RepositoryName.parse(parts[0]), Reference.tag(parts[1])))
                        .as(ref).map(Descriptor::digest).contains(manifest.digest());
            });
            // Completed tasks were not redone: same rows, same finish time.
            finishedBeforeKill.forEach((task, finished) -> assertThat(jdbc.queryForObject(
                    "SELECT finished_at FROM tasks WHERE id = ?", Timestamp.class, task)).as("task " + task)
                    .isEqualTo(finished));
            // No blob was sent twice to the destination.
            assertThat(jdbc.queryForList("""
                    SELECT digest FROM blob_transfers WHERE execution_id = ?::uuid AND method = 'copied'
                     GROUP BY digest, destination_registry_id HAVING count(*) > 1""", String.class, id)).isEmpty();
            // It was a Spring Batch restart of the same job instance.
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution_params p
                      ON p.job_execution_id = e.job_execution_id
                     WHERE p.parameter_name = 'executionId' AND p.parameter_value = ?""", Long.class, id))
                    .isEqualTo(2L);
        } finally {
            KeptLogs.keepServerLog(home); // both lives' log
            deleteTree(home);
        }
    }

    private static Map<String, ManifestBytes> pushDataSet(RegistryClient client) {
        SampleImages images = new SampleImages(client, 7);
        Map<String, ManifestBytes> pushed = new LinkedHashMap<>();
        for (int r = 0; r < REPOS; r++) {
            RepositoryName repo = RepositoryName.parse("crash/repo" + r);
            Descriptor base = images.layer(repo, LAYER);
            for (int t = 0; t < TAGS; t++) {
                pushed.put(repo.value() + ":t" + t,
                        images.image(repo, "t" + t, List.of(base, images.layer(repo, LAYER))));
            }
        }
        return pushed;
    }

    private static Process start(TestDatabase db, Path home, int port) throws IOException {
        Path jar = Path.of("target", "meridian-server.jar").toAbsolutePath();
        assertThat(jar).as("the packaged server (failsafe runs after package)").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(),
                "--server.port=" + port,
                // slow enough to be killed in the middle: ~1 MiB/s and small waves
                "--meridian.replication.bandwidth.bytes-per-second-by-policy.crash=1048576",
                "--meridian.replication.artifacts-per-wave=1",
                "--meridian.replication.pools.partition-concurrency=2");
        builder.environment().put("MERIDIAN_DB_URL", db.jdbcUrl());
        builder.environment().put("MERIDIAN_DB_USER", db.user());
        builder.environment().put("MERIDIAN_DB_PASSWORD", db.password() == null ? "" : db.password());
        builder.environment().put("MERIDIAN_HOME", home.toString());
        builder.environment().put("MERIDIAN_ADMIN_TOKEN", TOKEN);
        builder.environment().put("MERIDIAN_SECRET_KEY", KEY);
        HandedSecrets.recordFrom(builder.environment());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
        return builder.start();
    }

    private static void awaitHealthy(int port, Process server) {
        await(Duration.ofSeconds(120), "the server is healthy", () -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static String api(int port, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private static long count(JdbcTemplate jdbc, String id, String state) {
        return jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ?::uuid AND state = ?", Long.class,
                id, state);
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Polls every expected tag at the destination; whenever a tag answers, every blob its
     * manifest references (children included) must already be there.
     */
    private static final class Watcher {
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger transientErrors = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final RegistryClient destination;
        private final Map<String, ManifestBytes> expected;
        private Thread thread;

        Watcher(RegistryClient destination, Map<String, ManifestBytes> expected) {
            this.destination = destination;
            this.expected = expected;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    poll();
                    polls.incrementAndGet();
                }
            }, "destination-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        private void poll() {
            for (String ref : new ArrayList<>(expected.keySet())) {
                String[] parts = ref.split(":");
                RepositoryName repo = RepositoryName.parse(parts[0]);
                try {
                    if (destination.headManifest(repo, Reference.tag(parts[1])).isEmpty()) {
                        continue;
                    }
                    ManifestBytes manifest = destination.getManifest(repo, Reference.tag(parts[1]));
                    for (Descriptor blob : manifest.parse().references()) {
                        if (destination.headBlob(repo, blob.digest()).isEmpty()) {
                            violations.add(ref + " visible while " + blob.digest() + " is missing");
                        }
                    }
                } catch (io.meridian.sync.oci.RetryableRegistryException e) {
                    // distribution answers an occasional 500 while a link file is being written;
                    // that says nothing about what the tag points to, so this poll skips the tag
                    transientErrors.incrementAndGet();
                } catch (RuntimeException e) {
                    violations.add(ref + ": " + e.getMessage());
                }
            }
        }
    }
}
