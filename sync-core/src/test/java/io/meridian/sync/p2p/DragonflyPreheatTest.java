package io.meridian.sync.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Dragonfly adapter against {@link DragonflyContractServer}: what Meridian sends, and how it reads the answers. */
class DragonflyPreheatTest {

    static final String PAT = "dfpat-0123456789abcdef";
    static final String PULL = "Bearer eyJshort.lived.pull-only";
    static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
    static final List<String> LAYERS = List.of("http://reg/v2/team/app/blobs/sha256:" + "01".repeat(32),
            "http://reg/v2/team/app/blobs/sha256:" + "02".repeat(32));
    static final PreheatSettings FAST = PreheatSettings.defaults()
            .withPolling(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(20));

    DragonflyContractServer dragonfly;
    LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        dragonfly = new DragonflyContractServer()
                .token(PAT, new DragonflyContractServer.Pat(List.of("job"), true, Instant.now().plusSeconds(3600)))
                .token("cluster-only", new DragonflyContractServer.Pat(List.of("cluster"), true,
                        Instant.now().plusSeconds(3600)));
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        dragonfly.close();
    }

    EngineSpec engine(String token, PreheatScope scope) {
        return new EngineSpec("df-ldn", "ldn", EngineKind.DRAGONFLY, dragonfly.url(), token, List.of(7L, 9L), scope,
                800, List.of());
    }

    static PreheatTarget index(String... platforms) {
        return new PreheatTarget(URI.create("http://reg.ldn:5000"), RepositoryName.parse("team/app"), Optional.of("v1"),
                DIGEST, "application/vnd.oci.image.index.v1+json", List.of(platforms),
                new PullCredential(Optional.of(PULL), Instant.now().plusSeconds(300)));
    }

    PreheatResult preheat(EngineSpec spec, PreheatSettings settings, PreheatTarget target) {
        return new P2pEngines(settings).preheater(spec).preheat(target);
    }

    @Test
    void sendsOneJobPerPlatformWithClusterIdsScopeAndThePullCredential() {
        dragonfly.onPlatform("linux/amd64", DragonflyContractServer.Script.success(2, LAYERS, List.of("node-a", "node-b")))
                .onPlatform("linux/arm64", DragonflyContractServer.Script.failure(1, "pull manifest: 404 not found"));

        PreheatResult r = preheat(engine(PAT, PreheatScope.ALL_PEERS), FAST, index("linux/amd64", "linux/arm64"));

        List<DragonflyContractServer.Recorded> creates = dragonfly.created("preheat");
        assertThat(creates).hasSize(2);
        assertThat(creates).extracting(c -> c.body().path("args").path("platform").asString())
                .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        for (DragonflyContractServer.Recorded c : creates) {
            JsonNode body = c.body();
            assertThat(c.authorization()).isEqualTo("Bearer " + PAT);
            assertThat(body.path("type").asString()).isEqualTo("preheat");
            assertThat(body.path("scheduler_cluster_ids").toString()).isEqualTo("[7,9]");
            JsonNode args = body.path("args");
            assertThat(args.path("type").asString()).isEqualTo("image");
            assertThat(args.path("url").asString()).isEqualTo("http://reg.ldn:5000/v2/team/app/manifests/" + DIGEST);
            assertThat(args.path("scope").asString()).isEqualTo("all_peers");
            assertThat(args.path("headers").path("Authorization").asString()).isEqualTo(PULL);
            assertThat(args.has("username")).as("never the registry's account").isFalse();
            assertThat(args.has("password")).as("never the registry's password").isFalse();
        }
        assertThat(r.jobIds()).hasSize(2);
        assertThat(r.state()).isEqualTo(PreheatState.FAILURE);
        PreheatJob amd = job(r, "linux/amd64");
        assertThat(amd.state()).isEqualTo(PreheatState.SUCCESS);
        assertThat(amd.peersWithAllLayers()).isEqualTo(2);
        assertThat(amd.layers()).isEqualTo(2);
        assertThat(amd.layersCached()).isEqualTo(2);
        PreheatJob arm = job(r, "linux/arm64");
        assertThat(arm.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(arm.error()).contains("FAILURE").contains("pull manifest: 404 not found");
        assertThat(r.peersWithAllLayers()).isEqualTo(2);
        // verification asked only for the platform Dragonfly reported SUCCESS
        List<DragonflyContractServer.Recorded> verify = dragonfly.created("get_image_distribution");
        assertThat(verify).hasSize(1);
        assertThat(verify.get(0).body().path("args").path("platform").asString()).isEqualTo("linux/amd64");
        assertThat(verify.get(0).body().path("scheduler_cluster_ids").toString()).isEqualTo("[7,9]");
        // at least one PENDING answer was followed to its end
        assertThat(dragonfly.requests()).filteredOn(q -> q.method().equals("GET")).hasSizeGreaterThanOrEqualTo(3);
        assertNoSecretIn(r);
    }

    @Test
    void successWithNothingCachedIsUnverified() {
        dragonfly.onPlatform(null, DragonflyContractServer.Script.successNothingCached(1, LAYERS));
        PreheatTarget single = new PreheatTarget(URI.create("http://reg.ldn:5000"), RepositoryName.parse("team/app"),
                Optional.of("v1"), DIGEST, "application/vnd.oci.image.manifest.v1+json", List.of(),
                new PullCredential(Optional.of(PULL), Instant.now().plusSeconds(300)));

        PreheatResult r = preheat(engine(PAT, PreheatScope.ALL_PEERS), FAST, single);

        assertThat(dragonfly.created("preheat").get(0).body().path("args").has("platform")).isFalse();
        assertThat(r.state()).isEqualTo(PreheatState.PREHEAT_UNVERIFIED);
        assertThat(r.jobs().get(0).error()).contains("no peer holds all 2 layers");
        assertThat(r.peersWithAllLayers()).isEqualTo(-1);
        assertNoSecretIn(r);
    }

    @Test
    void seedPeerScopeCountsTheSeedPeersThePreheatReports() {
        // get_image_distribution lists normal peers only; single_seed_peer warms a seed peer
        dragonfly.onPlatform("linux/amd64", new DragonflyContractServer.Script(0, true, null, LAYERS, List.of(),
                List.of("seed-1")));
        PreheatResult r = preheat(engine(PAT, PreheatScope.SINGLE_SEED_PEER), FAST, index("linux/amd64"));
        assertThat(r.state()).isEqualTo(PreheatState.SUCCESS);
        assertThat(r.peersWithAllLayers()).isEqualTo(1);
    }

    @Test
    void tokenMissingOrUnknownIs401AndWithoutJobScopeIs403() {
        dragonfly.onPlatform("linux/amd64", DragonflyContractServer.Script.success(0, LAYERS, List.of("a")));
        PreheatResult none = preheat(engine(null, PreheatScope.ALL_PEERS), FAST, index("linux/amd64"));
        PreheatResult unknown = preheat(engine("dfpat-unknown", PreheatScope.ALL_PEERS), FAST, index("linux/amd64"));
        PreheatResult clusterOnly = preheat(engine("cluster-only", PreheatScope.ALL_PEERS), FAST, index("linux/amd64"));

        assertThat(none.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(none.error()).contains("401").contains("token missing or not valid");
        assertThat(unknown.error()).contains("401");
        assertThat(clusterOnly.error()).contains("403").contains("Required permission: job");
        assertThat(dragonfly.requests()).extracting(DragonflyContractServer.Recorded::status)
                .containsOnly(401, 403).hasSize(3); // permanent: not retried
        assertThat(String.join("\n", logs.lines())).doesNotContain("dfpat-unknown").doesNotContain("cluster-only");
    }

    @Test
    void a429IsRetriedUntilTheClusterAdmitsTheJob() {
        dragonfly.ratePerCluster(1);
        for (String p : List.of("linux/amd64", "linux/arm64", "linux/s390x")) {
            dragonfly.onPlatform(p, DragonflyContractServer.Script.success(0, LAYERS, List.of("a")));
        }
        PreheatResult r = preheat(engine(PAT, PreheatScope.ALL_PEERS), FAST,
                index("linux/amd64", "linux/arm64", "linux/s390x"));
        assertThat(dragonfly.tooManyRequests()).isGreaterThan(0);
        assertThat(dragonfly.created("preheat")).hasSize(3);
        assertThat(r.state()).isEqualTo(PreheatState.SUCCESS);
    }

    @Test
    void theEngineRateLimiterKeepsCreationsUnderTheManagersLimit() {
        // Resilience4j's limiter hands out 2 permits per one-second cycle, so two cycles back to back may send 4
        // within a second; a manager bucket of 5 per second absorbs that, 429s would show a limiter not applied
        dragonfly.ratePerCluster(5);
        String[] platforms = {"linux/amd64", "linux/arm64", "linux/arm/v7", "linux/s390x", "linux/ppc64le"};
        for (String p : platforms) {
            dragonfly.onPlatform(p, DragonflyContractServer.Script.success(0, LAYERS, List.of("a")));
        }
        long start = System.nanoTime();
        PreheatResult r = preheat(engine(PAT, PreheatScope.ALL_PEERS), FAST.withJobCreationsPerSecond(2),
                index(platforms));
        assertThat(dragonfly.tooManyRequests()).as("429 answers").isZero();
        assertThat(r.state()).isEqualTo(PreheatState.SUCCESS);
        // 5 creations + 5 verifications at 2 per second: the last permit comes 4 cycles after the first
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3500));
    }

    @Test
    void aJobStillPendingAtTheTimeoutIsAFailure() {
        dragonfly.onPlatform("linux/amd64", DragonflyContractServer.Script.success(Integer.MAX_VALUE, LAYERS,
                List.of("a")));
        PreheatResult r = preheat(engine(PAT, PreheatScope.ALL_PEERS),
                FAST.withPolling(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(600)),
                index("linux/amd64"));
        assertThat(r.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(r.error()).contains("still PENDING after the preheat timeout");
    }

    @Test
    void onlyTheEnginesPlatformsArePreheated() {
        dragonfly.onPlatform("linux/arm64", DragonflyContractServer.Script.success(0, LAYERS, List.of("a")));
        EngineSpec armOnly = new EngineSpec("df-arm", "ldn", EngineKind.DRAGONFLY, dragonfly.url(), PAT, List.of(3L),
                PreheatScope.ALL_PEERS, 10, List.of("linux/arm64"));
        PreheatResult r = preheat(armOnly, FAST, index("linux/amd64", "linux/arm64"));
        assertThat(dragonfly.created("preheat")).extracting(c -> c.body().path("args").path("platform").asString())
                .containsExactly("linux/arm64");
        assertThat(r.state()).isEqualTo(PreheatState.SUCCESS);
    }

    @Test
    void anEngineAddressTheGuardRefusesIsNeverAsked() {
        dragonfly.onPlatform("linux/amd64", DragonflyContractServer.Script.success(0, LAYERS, List.of("a")));
        P2pEngines guarded = new P2pEngines(FAST, (host, addresses) -> "address " + addresses.get(0).getHostAddress()
                + " is denied");
        PreheatResult r = guarded.preheater(engine(PAT, PreheatScope.ALL_PEERS)).preheat(index("linux/amd64"));
        assertThat(r.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(r.error()).contains("refused: address 127.0.0.1 is denied");
        assertThat(guarded.preheater(engine(PAT, PreheatScope.ALL_PEERS)).healthy()).isFalse();
        assertThat(dragonfly.requests()).isEmpty();
    }

    @Test
    void healthAsksHealthy() {
        assertThat(new P2pEngines(FAST).preheater(engine(PAT, PreheatScope.ALL_PEERS)).healthy()).isTrue();
        assertThat(dragonfly.requests()).extracting(DragonflyContractServer.Recorded::path).containsExactly("/healthy");
    }

    private static PreheatJob job(PreheatResult r, String platform) {
        return r.jobs().stream().filter(j -> platform.equals(j.platform())).findFirst().orElseThrow();
    }

    private void assertNoSecretIn(PreheatResult r) {
        String all = String.join("\n", logs.lines());
        assertThat(logs.lines()).as("something was logged").isNotEmpty();
        assertThat(all).doesNotContain(PAT).doesNotContain("eyJshort");
        assertThat(r.toString()).doesNotContain(PAT).doesNotContain("eyJshort");
    }
}
