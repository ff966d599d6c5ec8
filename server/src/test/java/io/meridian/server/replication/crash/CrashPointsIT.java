package io.meridian.server.replication.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.testing.KeptLogs;
import io.meridian.server.testing.PackagedServer;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of the packaged server at named points across an execution (issue 9, crashes): planning, route,
 * mid-upload-session, mid-blob, between blobs, a mount, between blobs and manifest, between children and index,
 * after the tag before the task row, inside and after the writer's transaction, around a mirror delete, inside the
 * finalize transaction, and three around a webhook push. A point is hit exactly: the server runs with
 * {@code -Dmeridian.test.crash-points} ({@code CrashPoints}), the test arms one point, the first thread to reach it
 * freezes the engine there and says so, and the test sends a real SIGKILL.
 *
 * <p>One server, database and pair of registries serve every point; lives are chained: life k+1 resumes point k's
 * execution (checked: SUCCEEDED, every tag at the destination with the source's digest, finished tasks not redone)
 * and then is killed at point k+1. Throughout, a watcher never sees a destination tag before its content, and the
 * proxies in front of both registries count: no blob committed twice at the destination, no blob read whole twice
 * from the source (except the one in flight at a kill). Runs against an external PostgreSQL and in the embedded
 * mode (no database configured; each restart stops the orphaned postmaster).
 *
 * <p>Bounded by default (the test command); every point with
 * {@code -Dmeridian.crash.points=all -Dmeridian.crash.embedded-points=all} (or comma-separated point names).
 */
class CrashPointsIT {

    /**
     * In the test command (6 points, 8 server lives, a few minutes): mid-blob, between children and index, after the
     * tag before the task row, inside the finalize transaction; embedded: between blobs, a webhook run not yet
     * marked as started from its pushes.
     */
    static final List<String> BOUNDED_EXTERNAL = List.of("blob.mid-body", "copy.before-index-put", "copy.tagged",
            "finalize.status-written");
    static final List<String> BOUNDED_EMBEDDED = List.of("blob.committed", "webhook.triggered");

    /** Points that freeze with a blob's upload unfinished (the marker names it); after any other, nothing is. */
    private static final Set<String> IN_FLIGHT = Set.of("blob.upload-started", "blob.mid-body", "blob.chunk-acked");
    private static final String TOKEN = Canaries.ADMIN_TOKEN;
    private static final String KEY = Canaries.SECRET_KEY;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ACTIVE = Set.of("QUEUED", "RUNNING", "STOPPING", "WAITING");

    @Test
    void resumesAfterKillNineAtEveryPointWithAnExternalDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            run("x", points("meridian.crash.points", BOUNDED_EXTERNAL), Map.of(
                    "MERIDIAN_DB_URL", db.jdbcUrl(), "MERIDIAN_DB_USER", db.user(),
                    "MERIDIAN_DB_PASSWORD", db.password() == null ? "" : db.password()),
                    new JdbcTemplate(db.dataSource()));
        }
    }

    @Test
    void resumesAfterKillNineAtEveryPointInEmbeddedMode() throws Exception {
        run("e", points("meridian.crash.embedded-points", BOUNDED_EMBEDDED), Map.of(), null);
    }

    /** One run: every point in turn, each killed, then resumed by the next life. */
    private void run(String mode, List<String> points, Map<String, String> database, JdbcTemplate jdbc)
            throws Exception {
        Path home = Files.createTempDirectory("meridian-crash-points-" + mode);
        OciTransport transport = OciTransport.create();
        List<String> report = new ArrayList<>();
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             FaultProxy srcProxy = new FaultProxy(src.port()); FaultProxy dstProxy = new FaultProxy(dst.port())) {
            RegistryClient source = new RegistryClient(transport, src.endpoint());
            RegistryClient destination = new RegistryClient(transport, dst.endpoint());
            Map<String, String> env = new HashMap<>(database);
            env.put("MERIDIAN_SECRET_KEY", KEY);
            CrashServer server = new CrashServer(home, TOKEN, env);
            List<CrashScenario> scenarios = new ArrayList<>();
            Map<CrashScenario, Map<String, ManifestBytes>> expected = new LinkedHashMap<>();
            for (String point : points) {
                CrashScenario s = new CrashScenario(point, mode + String.format("%02d",
                        CrashScenario.POINTS.indexOf(point)));
                scenarios.add(s);
                expected.put(s, s.seed(source, destination, s.prefix().hashCode()));
            }
            Set<String> inFlightAtKills = new TreeSet<>();
            try (DestinationWatcher watcher = new DestinationWatcher(destination)) {
                PackagedServer life = server.start();
                register(life, srcProxy.url(), dstProxy.url(), scenarios);
                Killed previous = null;
                for (CrashScenario s : scenarios) {
                    if (previous != null) {
                        report.add(verify(previous, server.current(), destination, jdbc, watcher));
                    }
                    awaitQuiet(server.current());
                    watcher.watch(expected.get(s).keySet());
                    previous = crash(s, expected.get(s), server, jdbc);
                    if (IN_FLIGHT.contains(s.point())) { // a blob whose upload the kill cut: read again, once
                        Matcher digest = BlobCounts.DIGEST.matcher(previous.marker());
                        while (digest.find()) {
                            inFlightAtKills.add(digest.group());
                        }
                    }
                    server.start();
                }
                report.add(verify(previous, server.current(), destination, jdbc, watcher));
                server.stop();
                watcher.close();
                assertThat(watcher.violations).as("destination tags seen before their content").isEmpty();
                assertThat(watcher.tagsSeen.get()).as("the watcher saw tags").isPositive();
                report.add("watcher: " + watcher.polls.get() + " passes, " + watcher.tagsSeen.get()
                        + " complete tags seen, 0 dangling");
            }
            Map<String, Integer> puts = BlobCounts.committedPuts(dstProxy.exchanges());
            Map<String, Integer> gets = BlobCounts.completeGets(srcProxy.exchanges());
            report.add(mode + ": " + scenarios.size() + " kill points, " + server.lives() + " server lives; "
                    + puts.size() + " blobs committed at the destination, max " + max(puts) + " commit per digest; "
                    + gets.values().stream().mapToInt(Integer::intValue).sum() + " whole source blob reads of "
                    + gets.size() + " digests (" + gets.entrySet().stream().filter(e -> e.getValue() > 1).count()
                    + " read twice; in flight at a kill: " + inFlightAtKills + ")");
            report.forEach(line -> System.out.println("[crash-points] " + line));
            List<String> twice = puts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            twice.forEach(d -> System.out.println("[crash-points] committed twice " + d + ": destination "
                    + BlobCounts.requestsFor(dstProxy.exchanges(), d) + "; source "
                    + BlobCounts.requestsFor(srcProxy.exchanges(), d)));
            assertThat(puts).as("blob uploads committed at the destination").isNotEmpty();
            assertThat(twice).as("complete blobs sent twice to the destination").isEmpty();
            assertThat(gets.entrySet().stream()
                    .filter(e -> e.getValue() > (inFlightAtKills.contains(e.getKey()) ? 2 : 1)).toList())
                    .as("blobs read whole twice from the source (in flight at a kill: %s)", inFlightAtKills).isEmpty();
        } finally {
            EmbeddedLeftovers.stop(home);
            KeptLogs.keepServerLog(home); // every life's log, also when a life never stopped (a failed run)
            PackagedServer.deleteTree(home);
        }
    }

    private record Killed(CrashScenario scenario, Map<String, ManifestBytes> pushed, String executionId, String marker,
                          Map<Long, String> finishedAtKill, long killedAtNanos) {
    }

    private static Killed crash(CrashScenario s, Map<String, ManifestBytes> pushed, CrashServer server,
                                JdbcTemplate jdbc) throws Exception {
        PackagedServer life = server.current();
        String id = null;
        String marker;
        String webhook = "/api/v1/webhooks/registries/crash-src";
        if (s.point().equals(CrashScenario.DEBOUNCE_WINDOW)) {
            life.api("POST", webhook, s.pushEnvelope(pushed), 202); // answered: inside the 15 s window now
            marker = s.point() + " (killed by the test after the 202)";
        } else {
            server.arm(s.point());
            if (s.point().equals("webhook.stored")) {
                // the answer never comes: the server freezes before it (and is killed)
                CompletableFuture.runAsync(() -> life.send("POST", webhook, s.pushEnvelope(pushed)));
            } else if (s.webhook()) {
                life.api("POST", webhook, s.pushEnvelope(pushed), 202);
            } else {
                id = JSON.readTree(life.api("POST", "/api/v1/policies/" + s.prefix() + "/executions", "", 202))
                        .get("id").asString();
            }
            marker = server.awaitFrozen(Duration.ofSeconds(180));
            assertThat(marker).startsWith(s.point() + " ");
            if (s.point().equals("webhook.triggered")) {
                id = marker.substring(marker.indexOf(' ') + 1);
            }
        }
        server.kill();
        Map<Long, String> finished = new HashMap<>();
        if (jdbc != null && id != null) {
            jdbc.query("SELECT id, finished_at::text FROM tasks WHERE execution_id = ?::uuid AND finished_at IS NOT NULL",
                    rs -> {
                        finished.put(rs.getLong(1), rs.getString(2));
                    }, id);
            assertThat(jdbc.queryForObject("SELECT status FROM executions WHERE id = ?::uuid", String.class, id))
                    .as("killed at " + s.point()).isIn(ACTIVE);
        }
        return new Killed(s, pushed, id, marker, finished, System.nanoTime());
    }

    /** The killed point's execution, resumed by this life: SUCCEEDED, complete at the destination, nothing redone. */
    private static String verify(Killed killed, PackagedServer life, RegistryClient destination, JdbcTemplate jdbc,
                                 DestinationWatcher watcher) {
        CrashScenario s = killed.scenario();
        String id = killed.executionId();
        if (id == null) { // a push before the kill: the run starts after the restart
            PackagedServer.await(Duration.ofSeconds(180), "an execution of " + s.prefix(),
                    () -> !executions(life, s.prefix()).isEmpty());
            id = executions(life, s.prefix()).get(0).get("id").asString();
        }
        String execution = id;
        PackagedServer.await(Duration.ofSeconds(240), "execution " + id + " (" + s.point() + ") finished",
                () -> !ACTIVE.contains(view(life, execution).get("status").asString()));
        JsonNode view = view(life, id);
        assertThat(view.get("status").asString()).as(s.point() + ": " + view).isEqualTo("SUCCEEDED");
        if (s.point().equals("webhook.triggered")) {
            // the pushes were not deleted before the kill: they run once more after the resumed run (at least once)
            PackagedServer.await(Duration.ofSeconds(180), "the pending pushes' second run of " + s.prefix(),
                    () -> executions(life, s.prefix()).size() >= 2 && executions(life, s.prefix()).stream()
                            .noneMatch(e -> ACTIVE.contains(e.get("status").asString())));
            executions(life, s.prefix()).forEach(e -> assertThat(e.get("status").asString()).as(e.toString())
                    .isEqualTo("SUCCEEDED"));
        }
        double resumeSeconds = (System.nanoTime() - killed.killedAtNanos()) / 1e9;
        killed.pushed().forEach((ref, manifest) -> {
            String[] parts = ref.split(":");
            assertThat(destination.headManifest(RepositoryName.parse(parts[0]), Reference.tag(parts[1]))
                    .map(Descriptor::digest)).as(s.point() + ": " + ref).contains(manifest.digest());
        });
        if (s.deletes()) {
            assertThat(destination.headManifest(s.repoA(), Reference.tag("stale"))).as("mirror delete").isEmpty();
        }
        if (jdbc != null) {
            killed.finishedAtKill().forEach((task, at) -> assertThat(jdbc.queryForObject(
                    "SELECT finished_at::text FROM tasks WHERE id = ?", String.class, task))
                    .as(s.point() + ": task " + task + " finished before the kill was not redone").isEqualTo(at));
        }
        watcher.unwatch(killed.pushed().keySet());
        JsonNode summary = view.get("summary");
        return String.format("%-24s killed at [%s]; execution %s SUCCEEDED %.0f s after the kill (restart included);"
                        + " summary %s; %d tasks finished before the kill kept", s.point(), killed.marker(), id,
                resumeSeconds, summary, killed.finishedAtKill().size());
    }

    private static void register(PackagedServer life, String src, String dst, List<CrashScenario> scenarios) {
        life.api("POST", "/api/v1/regions", "{\"name\":\"crash-a\"}", 201);
        life.api("POST", "/api/v1/registries", "{\"name\":\"crash-src\",\"region\":\"crash-a\",\"url\":\"" + src
                + "\",\"insecure\":true}", 201);
        life.api("POST", "/api/v1/registries", "{\"name\":\"crash-dst\",\"region\":\"crash-a\",\"url\":\"" + dst
                + "\",\"insecure\":true}", 201);
        for (CrashScenario s : scenarios) {
            life.api("POST", "/api/v1/policies", s.policyJson("crash-src", "crash-dst"), 201);
        }
    }

    /** No execution active: nothing left from an earlier point reaches the next armed point. */
    private static void awaitQuiet(PackagedServer life) {
        PackagedServer.await(Duration.ofSeconds(180), "no execution active", () -> {
            JsonNode page = JSON.readTree(life.api("GET", "/api/v1/executions?size=500", null, 200));
            for (JsonNode e : page.get("items")) {
                if (ACTIVE.contains(e.get("status").asString())) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<JsonNode> executions(PackagedServer life, String policy) {
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(life.api("GET", "/api/v1/executions?size=500&policy=" + policy, null, 200)).get("items")
                .forEach(list::add);
        return list;
    }

    private static JsonNode view(PackagedServer life, String id) {
        return JSON.readTree(life.api("GET", "/api/v1/executions/" + id, null, 200));
    }

    private static int max(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    static List<String> points(String property, List<String> bounded) {
        String value = System.getProperty(property, "").trim();
        if (value.isEmpty()) {
            return bounded;
        }
        List<String> chosen = value.equals("all") ? CrashScenario.POINTS : Arrays.stream(value.split(","))
                .map(String::trim).toList();
        assertThat(CrashScenario.POINTS).as(property).containsAll(chosen);
        return chosen;
    }
}
