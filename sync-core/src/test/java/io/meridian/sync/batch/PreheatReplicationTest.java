package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.p2p.DragonflyContractServer;
import io.meridian.sync.p2p.EngineKind;
import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.LogCapture;
import io.meridian.sync.p2p.PreheatPlan;
import io.meridian.sync.p2p.PreheatScope;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TokenIssuer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: a multi-arch image replicated from a real registry into a real Bearer-token registry whose region has
 * a Dragonfly (contract server resolving the image from that registry with the credential Meridian hands it): one
 * preheat job per platform, the amd64 one SUCCESS and verified, the arm64 one FAILURE and reported, the execution
 * SUCCEEDED all the same.
 */
class PreheatReplicationTest {

    static final String PASSWORD = "dst-Pa55word-never-handed-out";
    static final String PAT = "dfpat-e2e-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void preheatsEachPlatformVerifiesAndReportsWithoutFailingTheReplication() throws Exception {
        AtomicReference<PreheatPlan> plan = new AtomicReference<>(PreheatPlan.none());
        try (TokenIssuer issuer = TokenIssuer.start().withUser("meridian", PASSWORD);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.token(issuer);
             DragonflyContractServer dragonfly = new DragonflyContractServer().resolveFromRegistry();
             LogCapture logs = new LogCapture();
             EngineFixture fixture = new EngineFixture(EngineFixture.QUICK, new ReplicationJobSettings(4, 3),
                     id -> plan.get())) {
            dragonfly.token(PAT, new DragonflyContractServer.Pat(List.of("job"), true, Instant.now().plusSeconds(600)))
                    .onPlatform("linux/amd64", DragonflyContractServer.Script.success(2, List.of(),
                            List.of("node-1", "node-2")))
                    .onPlatform("linux/arm64", DragonflyContractServer.Script.failure(1,
                            "download piece failed: connection reset by peer"));
            fixture.registry("src", src.endpoint());
            var destination = fixture.registry("dst", dst.endpoint(Credentials.basic("meridian", PASSWORD)));
            plan.set(new PreheatPlan(Map.of(destination.id(), List.of(new EngineSpec("df-ldn", "ldn",
                    EngineKind.DRAGONFLY, dragonfly.url(), PAT, List.of(4L), PreheatScope.ALL_PEERS, 800, List.of())))));
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), 1212);
            RepositoryName repo = RepositoryName.parse("team/app");
            var index = images.multiArch(repo, "v1", images.layer(repo, 4096));

            EngineFixture.Run run = fixture.run(EngineFixture.spec("preheat", "src",
                    List.of(new DestinationSpec("dst", Optional.empty())), true));

            assertThat(run.status()).isEqualTo("SUCCEEDED");
            // one job per platform, to the engine's clusters, for the digest that was copied
            List<DragonflyContractServer.Recorded> jobs = dragonfly.created("preheat");
            assertThat(jobs).extracting(j -> j.body().path("args").path("platform").asString())
                    .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
            for (DragonflyContractServer.Recorded j : jobs) {
                assertThat(j.body().path("scheduler_cluster_ids").toString()).isEqualTo("[4]");
                assertThat(j.body().path("args").path("url").asString())
                        .isEqualTo(dst.url() + "/v2/team/app/manifests/" + index.digest());
            }
            // the credential: a token that can only pull team/app, short-lived, never the password
            String credential = jobs.get(0).body().path("args").path("headers").path("Authorization").asString();
            assertThat(credential).startsWith("Bearer ").doesNotContain(PASSWORD);
            var claims = SignedJWT.parse(credential.substring("Bearer ".length())).getJWTClaimsSet();
            assertThat(JSON.valueToTree(claims.getClaim("access")).toString())
                    .isEqualTo("[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\"]}]");
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                    .as("lifetime in ms").isLessThanOrEqualTo(3_600_000L);
            // the engine really read the registry with it
            assertThat(dragonfly.registryAuthorizations()).isNotEmpty().allMatch(credential::equals);

            Map<String, Object> task = run.tasks().get(0);
            assertThat(task.get("state")).isEqualTo("COPIED");
            JsonNode preheat = JSON.readTree(String.valueOf(task.get("preheat")));
            assertThat(preheat.path("engine").asString()).isEqualTo("df-ldn");
            assertThat(preheat.path("jobIds")).hasSize(2);
            assertThat(preheat.path("state").asString()).isEqualTo("FAILURE");
            assertThat(preheat.path("peersWithAllLayers").asInt()).isEqualTo(2);
            assertThat(preheat.path("durationMillis").asLong()).isPositive();
            JsonNode amd64 = job(preheat, "linux/amd64");
            JsonNode arm64 = job(preheat, "linux/arm64");
            assertThat(amd64.path("state").asString()).isEqualTo("SUCCESS");
            assertThat(amd64.path("layers").asInt()).as("config + 2 layers").isEqualTo(3);
            assertThat(amd64.path("peersWithAllLayers").asInt()).isEqualTo(2);
            assertThat(arm64.path("state").asString()).isEqualTo("FAILURE");
            assertThat(arm64.path("error").asString()).contains("download piece failed: connection reset by peer");
            assertThat(preheat.path("error").asString()).startsWith("linux/arm64: ");
            assertThat(new PreheatRepository(fixture.dataSource).countByState(run.id()))
                    .isEqualTo(Map.of("FAILURE", 1L));
            // nothing secret in the record or in any log line
            assertThat(preheat.toString()).doesNotContain(PAT).doesNotContain(credential.substring(7));
            String allLogs = String.join("\n", logs.lines());
            assertThat(allLogs).contains("preheat job").doesNotContain(PAT).doesNotContain(PASSWORD)
                    .doesNotContain(credential.substring(7));
        }
    }

    private static JsonNode job(JsonNode preheat, String platform) {
        for (JsonNode j : preheat.path("jobs")) {
            if (platform.equals(j.path("platform").asString())) {
                return j;
            }
        }
        throw new AssertionError("no job for " + platform + " in " + preheat);
    }
}
