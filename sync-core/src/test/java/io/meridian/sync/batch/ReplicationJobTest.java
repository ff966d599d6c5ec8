package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.transfer.GuardedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

/**
 * The replication job end to end on real registries (distribution 2.8) and real PostgreSQL.
 */
class ReplicationJobTest {

    private static final long SEED = 20261128L;
    private static final ResilienceSettings FAST_FAILING = new ResilienceSettings(3, Duration.ofMillis(50),
            Duration.ofMillis(200), 16, Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(30), 0);

    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(FAST_FAILING);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void copiesMultiRepoDataSetWithIdenticalDigestsThenResyncCopiesNothing() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry a = LocalRegistry.anonymous();
             LocalRegistry b = LocalRegistry.anonymous(); CountingProxy wire = new CountingProxy(src.port())) {
            GuardedRegistry source = fixture.registry("full-src", io.meridian.sync.oci.RegistryEndpoint.insecure(
                    wire.url(), io.meridian.sync.oci.Credentials.anonymous()));
            fixture.registry("full-a", a.endpoint());
            fixture.registry("full-b", b.endpoint());
            RegistryClient client = new RegistryClient(fixture.transport, src.endpoint());
            SampleImages images = new SampleImages(client, SEED);
            Map<String, ManifestBytes> expected = new LinkedHashMap<>();
            RepositoryName app = RepositoryName.parse("team1/app");
            RepositoryName web = RepositoryName.parse("team1/web");
            RepositoryName chart = RepositoryName.parse("team2/charts/demo");
            RepositoryName ignored = RepositoryName.parse("other/ignored");
            Descriptor baseInApp = images.layer(app, 64 * 1024);
            images.blob(web, readBlob(client, app, baseInApp.digest()), baseInApp.mediaType());
            ManifestBytes v1 = images.image(app, "v1", List.of(baseInApp, images.layer(app, 10_000)));
            expected.put("team1/app:v1", v1);
            expected.put("team1/app:v2", images.image(app, "v2", List.of(baseInApp, images.layer(app, 12_000))));
            expected.put("team1/app:sha256-" + v1.digest().hex() + ".sig", images.signature(app, v1.digest()));
            expected.put("team1/web:multi", images.multiArch(web, "multi", baseInApp));
            expected.put("team2/charts/demo:1.2.3", images.helmChart(chart, "1.2.3"));
            images.image(ignored, "latest", List.of(images.layer(ignored, 1000)));

            EngineFixture.Run run = fixture.run(EngineFixture.spec("full", "full-src",
                    List.of(new DestinationSpec("full-a", Optional.empty()),
                            new DestinationSpec("full-b", Optional.of("mirror"))), true));

            assertThat(run.job().getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(run.tasksIn("COPIED")).isEqualTo(2L * expected.size());
            RegistryClient atA = new RegistryClient(fixture.transport, a.endpoint());
            RegistryClient atB = new RegistryClient(fixture.transport, b.endpoint());
            for (var e : expected.entrySet()) {
                String[] parts = e.getKey().split(":");
                RepositoryName repo = RepositoryName.parse(parts[0]);
                Reference tag = Reference.tag(parts[1]);
                assertThat(atA.headManifest(repo, tag)).map(Descriptor::digest).contains(e.getValue().digest());
                assertThat(atB.headManifest(RepositoryName.parse("mirror/" + parts[0]), tag)).map(Descriptor::digest)
                        .contains(e.getValue().digest());
                assertThat(skopeoRaw(a, repo.value() + ":" + parts[1])).isEqualTo(e.getValue().bytes());
            }
            assertThat(atA.headManifest(ignored, Reference.tag("latest"))).isEmpty();
            // every transferred task was routed first, the decision recorded on it
            assertThat(fixture.jdbc.queryForList("SELECT DISTINCT path->>'reason' FROM tasks WHERE execution_id = ?",
                    String.class, run.id())).containsExactly("direct: single endpoint");
            assertThat(fixture.jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ?"
                    + " AND path->>'destination' = 'full-b/default'", Long.class, run.id()))
                    .isEqualTo((long) expected.size());
            // Each unique blob was read from the source once, for both destinations (tee) and
            // across repositories (single-flight, then mount).
            long blobs = fixture.jdbc.queryForObject("""
                    SELECT count(DISTINCT digest) FROM blob_transfers WHERE execution_id = ?""", Long.class, run.id());
            assertThat(fixture.calls("full-src", "blob.get")).isEqualTo((double) blobs);
            assertThat(wire.count("GET", "/blobs/")).as("blob GETs on the wire").isEqualTo(blobs);
            Map<String, Object> row = run.row();
            assertThat(((Number) row.get("blobs_mounted")).longValue()).isPositive();
            assertThat(((Number) row.get("bytes_written")).longValue())
                    .isEqualTo(2 * ((Number) row.get("bytes_read")).longValue());

            long wireGets = wire.count("GET", "/v2/") - wire.count("GET", "/v2/_catalog") - wire.count("GET", "/tags/list");
            long wireHeads = wire.count("HEAD", "/manifests/");
            double blobGets = fixture.calls("full-src", "blob.get");
            double manifestGets = fixture.calls("full-src", "manifest.get");
            EngineFixture.Run again = fixture.run(EngineFixture.spec("full", "full-src",
                    List.of(new DestinationSpec("full-a", Optional.empty()),
                            new DestinationSpec("full-b", Optional.of("mirror"))), true));
            assertThat(again.status()).isEqualTo("SUCCEEDED");
            assertThat(again.tasksIn("SKIPPED")).isEqualTo(2L * expected.size());
            assertThat(again.tasksIn("COPIED")).isZero();
            assertThat(fixture.calls("full-src", "blob.get")).isEqualTo(blobGets);
            assertThat(fixture.calls("full-src", "manifest.get")).isEqualTo(manifestGets);
            // On the wire: the resync GETs nothing but listings, and HEADs each tag once at the source.
            assertThat(wire.count("GET", "/v2/") - wire.count("GET", "/v2/_catalog") - wire.count("GET", "/tags/list"))
                    .as("manifest or blob GETs on the wire during the resync").isEqualTo(wireGets);
            assertThat(wire.count("HEAD", "/manifests/") - wireHeads).isEqualTo(expected.size());
            assertThat(((Number) again.row().get("bytes_read")).longValue()).isZero();
            assertThat(source.name()).isEqualTo("full-src");
        }
    }

    @Test
    void resyncsChangedTagAndLeavesConflictAloneWithoutOverride() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("chg-src", src.endpoint());
            fixture.registry("chg-dst", dst.endpoint());
            RegistryClient client = new RegistryClient(fixture.transport, src.endpoint());
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            SampleImages images = new SampleImages(client, SEED + 1);
            RepositoryName repo = RepositoryName.parse("team/app");
            images.image(repo, "v1", List.of(images.layer(repo, 5000)));
            images.image(repo, "v2", List.of(images.layer(repo, 5000)));
            List<DestinationSpec> dest = List.of(new DestinationSpec("chg-dst", Optional.empty()));
            assertThat(fixture.run(EngineFixture.spec("chg", "chg-src", dest, true)).status()).isEqualTo("SUCCEEDED");

            ManifestBytes newV2 = images.image(repo, "v2", List.of(images.layer(repo, 6000)));
            EngineFixture.Run changed = fixture.run(EngineFixture.spec("chg", "chg-src", dest, true));
            assertThat(changed.status()).isEqualTo("SUCCEEDED");
            assertThat(changed.tasksIn("COPIED")).isEqualTo(1);
            assertThat(changed.tasksIn("SKIPPED")).isEqualTo(1);
            assertThat(atDst.headManifest(repo, Reference.tag("v2"))).map(Descriptor::digest).contains(newV2.digest());

            Digest oldV1 = atDst.headManifest(repo, Reference.tag("v1")).orElseThrow().digest();
            ManifestBytes newV1 = images.image(repo, "v1", List.of(images.layer(repo, 7000)));
            EngineFixture.Run conflict = fixture.run(EngineFixture.spec("chg", "chg-src", dest, false));
            assertThat(conflict.status()).isEqualTo("SUCCEEDED");
            assertThat(conflict.tasksIn("CONFLICT")).isEqualTo(1);
            Map<String, Object> task = conflict.jdbc().queryForMap(
                    "SELECT * FROM tasks WHERE execution_id = ? AND state = 'CONFLICT'", conflict.id());
            assertThat((String) task.get("error_message")).contains(oldV1.toString()).contains(newV1.digest().toString());
            assertThat(atDst.headManifest(repo, Reference.tag("v1"))).map(Descriptor::digest).contains(oldV1);
        }
    }

    @Test
    void mirrorsWithinOneRegistryByMountingInsteadOfCopying() {
        try (LocalRegistry registry = LocalRegistry.anonymous()) {
            fixture.registry("same", registry.endpoint());
            RegistryClient client = new RegistryClient(fixture.transport, registry.endpoint());
            SampleImages images = new SampleImages(client, SEED + 4);
            RepositoryName repo = RepositoryName.parse("team/app");
            ManifestBytes image = images.image(repo, "v1", List.of(images.layer(repo, 50_000)));

            EngineFixture.Run run = fixture.run(EngineFixture.spec("same", "same",
                    List.of(new DestinationSpec("same", Optional.of("mirror"))), true));

            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(client.headManifest(RepositoryName.parse("mirror/team/app"), Reference.tag("v1")))
                    .map(Descriptor::digest).contains(image.digest());
            Map<String, Object> row = run.row();
            assertThat(((Number) row.get("blobs_mounted")).longValue()).isEqualTo(2);
            assertThat(((Number) row.get("blobs_copied")).longValue()).isZero();
            assertThat(((Number) row.get("bytes_read")).longValue()).isZero();
        }
    }

    @Test
    void deadDestinationFailsFastWhileLiveOneCompletes() throws IOException {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry live = LocalRegistry.anonymous()) {
            fixture.registry("dead-src", src.endpoint());
            fixture.registry("dead-live", live.endpoint());
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            fixture.registry("dead-dead", io.meridian.sync.oci.RegistryEndpoint.insecure(
                    "http://127.0.0.1:" + closedPort, io.meridian.sync.oci.Credentials.anonymous()));
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED + 2);
            for (int r = 0; r < 3; r++) {
                RepositoryName repo = RepositoryName.parse("team/r" + r);
                for (int t = 0; t < 4; t++) {
                    images.image(repo, "t" + t, List.of(images.layer(repo, 3000)));
                }
            }
            long started = System.nanoTime();
            EngineFixture.Run run = fixture.run(EngineFixture.spec("dead", "dead-src",
                    List.of(new DestinationSpec("dead-live", Optional.empty()),
                            new DestinationSpec("dead-dead", Optional.empty())), true));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertThat(run.status()).isEqualTo("PARTIAL");
            assertThat(run.tasksIn("COPIED")).isEqualTo(12);
            assertThat(run.tasksIn("FAILED")).isEqualTo(12);
            List<String> codes = run.jdbc().queryForList("""
                    SELECT DISTINCT error_code FROM tasks WHERE execution_id = ? AND state = 'FAILED'""",
                    String.class, run.id());
            assertThat(codes).isSubsetOf("IO_ERROR", "CIRCUIT_OPEN");
            assertThat(codes).contains("CIRCUIT_OPEN");
            assertThat(seconds).as("a dead destination must fail fast").isLessThan(30);
        }
    }

    @Test
    void unreachableSourceFailsTheExecutionWithTheReason() throws IOException {
        try (LocalRegistry dst = LocalRegistry.anonymous()) {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            fixture.registry("nosrc-src", io.meridian.sync.oci.RegistryEndpoint.insecure(
                    "http://127.0.0.1:" + closedPort, io.meridian.sync.oci.Credentials.anonymous()));
            fixture.registry("nosrc-dst", dst.endpoint());

            EngineFixture.Run run = fixture.run(EngineFixture.spec("nosrc", "nosrc-src",
                    List.of(new DestinationSpec("nosrc-dst", Optional.empty())), true));

            assertThat(run.job().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat((String) run.row().get("error")).contains("127.0.0.1:" + closedPort);
            assertThat(run.tasks()).isEmpty();
        }
    }

    @Test
    void refusesCorruptedSourceBlobAndNeverCommitsIt() throws IOException {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("bad-src", src.endpoint());
            fixture.registry("bad-dst", dst.endpoint());
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED + 3);
            RepositoryName repo = RepositoryName.parse("team/app");
            Descriptor layer = images.layer(repo, 40_000);
            images.image(repo, "v1", List.of(layer));
            Path data = src.storage().resolve("docker/registry/v2/blobs/sha256/" + layer.digest().hex().substring(0, 2)
                    + "/" + layer.digest().hex() + "/data");
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(data, bytes);

            EngineFixture.Run run = fixture.run(EngineFixture.spec("bad", "bad-src",
                    List.of(new DestinationSpec("bad-dst", Optional.empty())), true));

            assertThat(run.status()).isEqualTo("FAILED");
            Map<String, Object> task = run.tasks().get(0);
            assertThat(task.get("state")).isEqualTo("FAILED");
            assertThat(task.get("error_code")).isEqualTo("DIGEST_INVALID");
            assertThat((String) task.get("error_message")).contains(layer.digest().toString());
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            assertThat(atDst.headBlob(repo, layer.digest())).isEmpty();
            assertThat(atDst.headManifest(repo, Reference.tag("v1"))).isEmpty();
        }
    }

    @Test
    void plansNamedRepositoriesWithoutListingTheCatalog() throws IOException {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             CountingProxy wire = new CountingProxy(src.port())) {
            fixture.registry("named-src", io.meridian.sync.oci.RegistryEndpoint.insecure(wire.url(),
                    io.meridian.sync.oci.Credentials.anonymous()));
            fixture.registry("named-dst", dst.endpoint());
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED + 4);
            RepositoryName app = RepositoryName.parse("team1/app");
            RepositoryName other = RepositoryName.parse("team1/other");
            ManifestBytes v1 = images.image(app, "v1", List.of(images.layer(app, 5000)));
            images.image(other, "v1", List.of(images.layer(other, 5000)));
            List<String> names = List.of("team1/app", "team9/not-pushed-yet");
            PlanSpec spec = new PlanSpec("named", "named-src", names::contains, tag -> true,
                    List.of(new DestinationSpec("named-dst", Optional.empty())), true, PlanSpec.literalNames(names));

            EngineFixture.Run run = fixture.run(spec);

            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(wire.count("GET", "/v2/_catalog")).as("catalog requests").isZero();
            assertThat(run.tasks()).extracting(t -> t.get("source_repository") + ":" + t.get("reference"))
                    .containsExactly("team1/app:v1");
            assertThat(new RegistryClient(fixture.transport, dst.endpoint()).headManifest(app, Reference.tag("v1")))
                    .map(Descriptor::digest).contains(v1.digest());
        }
        assertThat(PlanSpec.literalNames(List.of("team1/app", "team*/web"))).as("one wildcard: catalog").isEmpty();
        assertThat(PlanSpec.literalNames(List.of("team1/ap?"))).isEmpty();
    }

    @Test
    void recordsTheRegistrysOwnErrorCodeAndMessageButNeverTheSecret() {
        String secret = "wrong-Pa55word-never-logged";
        try (LocalRegistry src = LocalRegistry.anonymous();
             LocalRegistry dst = LocalRegistry.basic("meridian", "the-right-password")) {
            fixture.registry("denied-src", src.endpoint());
            fixture.registry("denied-dst", dst.endpoint(io.meridian.sync.oci.Credentials.basic("meridian", secret)));
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED + 5);
            RepositoryName repo = RepositoryName.parse("team/app");
            images.image(repo, "v1", List.of(images.layer(repo, 3000)));

            EngineFixture.Run run = fixture.run(EngineFixture.spec("denied", "denied-src",
                    List.of(new DestinationSpec("denied-dst", Optional.empty())), true));

            assertThat(run.status()).isEqualTo("FAILED");
            Map<String, Object> task = run.tasks().get(0);
            assertThat(task.get("state")).isEqualTo("FAILED");
            // the destination's HEAD answered 401 (no body on a HEAD): the spec's code for it, and a
            // message naming the action, registry and repository
            assertThat(task.get("error_code")).isEqualTo("UNAUTHORIZED");
            assertThat((String) task.get("error_message")).contains("401").contains(dst.hostPort() + "/team/app")
                    .doesNotContain(secret);
            assertThat(String.valueOf(run.row().get("error"))).doesNotContain(secret);
        }
    }

    private static byte[] readBlob(RegistryClient client, RepositoryName repo, Digest digest) {
        try (var blob = client.openBlob(repo, digest, 0)) {
            return blob.stream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] skopeoRaw(LocalRegistry registry, String image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.hostPort() + "/" + image).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo inspect " + image).isZero();
        return out;
    }
}
