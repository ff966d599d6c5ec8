package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The transfer step's declared retry ({@link TransferFaults#retryPolicy()}) is what saves an artifact whose source
 * failed retryably more often than the registry guard's own retries allow: the guard gives up after
 * {@link #ATTEMPTS} attempts, the step copies the artifact once more, and that round succeeds.
 */
class StepRetryTest {

    private static final int ATTEMPTS = 3;
    /** The guard retries {@link #ATTEMPTS} times; a breaker that does not open on these few failures. */
    private static final ResilienceSettings GUARD = new ResilienceSettings(ATTEMPTS, Duration.ofMillis(20),
            Duration.ofMillis(50), 16, Duration.ofMinutes(1), 50f, 1000, Duration.ofSeconds(30), 0);

    @Test
    void aSourceFailingMoreThanTheGuardRetriesIsSavedByTheStepsRetry() throws Exception {
        try (EngineFixture fixture = new EngineFixture(GUARD);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             FaultProxy wire = new FaultProxy(src.port())) {
            RepositoryName repo = RepositoryName.parse("team/app");
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), 7);
            ManifestBytes v1 = images.image(repo, "v1", List.of(images.layer(repo, 4000)));
            // every attempt of the guard's first round answers 503; the step's second round is served
            wire.on("GET", ".*/manifests/" + v1.digest(), ATTEMPTS, FaultProxy.status(503));
            fixture.registry("retry-src", RegistryEndpoint.insecure(wire.url(), Credentials.anonymous()));
            fixture.registry("retry-dst", dst.endpoint());

            EngineFixture.Run run = fixture.run(EngineFixture.spec("retry", "retry-src",
                    List.of(new DestinationSpec("retry-dst", Optional.empty())), true));

            long manifestGets = wire.exchanges().stream()
                    .filter(e -> e.method().equals("GET") && e.path().endsWith("/manifests/" + v1.digest())).count();
            assertThat(wire.faultsApplied()).as("503s answered (one guard round)").isEqualTo(ATTEMPTS);
            assertThat(manifestGets).as("manifest GETs: the guard's round, then the step's second round")
                    .isEqualTo(ATTEMPTS + 1);
            assertThat(run.tasksIn("COPIED")).isEqualTo(1);
            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(new RegistryClient(fixture.transport, dst.endpoint()).headManifest(repo, Reference.tag("v1")))
                    .map(Descriptor::digest).contains(v1.digest());
        }
    }
}
