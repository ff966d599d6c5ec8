package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The random fault run's find (seed 6236235234526), scripted on real registries: a burst of 503s on one HEAD while
 * planning — as many as the registry guard has attempts — failed the task of a sound artifact and ended the execution
 * PARTIAL, where the same burst during the copy is retried. The plan's HEADs, at the source and at the destination,
 * now get one more round; the execution ends SUCCEEDED.
 */
class PlanReadsOneMoreRoundTest {

    /** Three attempts per call, no breaker (so the burst is met by retries alone). */
    private static final ResilienceSettings THREE_ATTEMPTS = new ResilienceSettings(3, Duration.ofMillis(50),
            Duration.ofMillis(200), 64, Duration.ofMinutes(1), 100f, 100_000, Duration.ofSeconds(30), 0);

    @Test
    void aBurstOfFaultsOnThePlansHeadsAtSourceAndDestinationIsReadOnceMore() throws Exception {
        try (EngineFixture fixture = new EngineFixture(THREE_ATTEMPTS);
             LocalRegistry src = LocalRegistry.anonymous(); FaultProxy srcWire = new FaultProxy(src.port());
             LocalRegistry dst = LocalRegistry.anonymous(); FaultProxy dstWire = new FaultProxy(dst.port())) {
            try (RegistryClient push = new RegistryClient(fixture.transport, src.endpoint())) {
                TestImages images = new TestImages(6236235234526L);
                TestImages.push(push, RepositoryName.parse("team/app"), "v1", images.ociImage(1, 4_000));
                TestImages.push(push, RepositoryName.parse("team/app"), "v2", images.ociImage(1, 4_000));
            }
            // every attempt of the guard fails: 3 × 503 on the source's HEAD of v1, on the destination's HEAD of v2
            srcWire.on("HEAD", ".*/manifests/v1", 3, FaultProxy.status(503));
            dstWire.on("HEAD", ".*/manifests/v2", 3, FaultProxy.status(503));
            fixture.registry("src", RegistryEndpoint.insecure(srcWire.url(), Credentials.anonymous()));
            fixture.registry("dst", RegistryEndpoint.insecure(dstWire.url(), Credentials.anonymous()));

            EngineFixture.Run run = fixture.run(EngineFixture.spec("burst", "src",
                    List.of(new DestinationSpec("dst", Optional.empty())), false));

            assertThat(run.status()).as("tasks: %s", run.tasks()).isEqualTo("SUCCEEDED");
            assertThat(run.tasksIn("COPIED")).isEqualTo(2);
            DestinationAudit audit = new DestinationAudit(new RegistryClient(fixture.transport, dst.endpoint()));
            try (RegistryClient atSrc = new RegistryClient(fixture.transport, src.endpoint())) {
                audit.deepVerify(atSrc, List.of(RepositoryName.parse("team/app")));
            }
            assertThat(audit.violations()).isEmpty();
        }
    }
}
