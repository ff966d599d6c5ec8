package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.testing.LocalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stop does not wait for the chunk in flight: a blob being streamed (here capped at 2 MiB/s, so a
 * 24 MiB layer would take ~12 s) is interrupted and the execution ends STOPPED within seconds,
 * without the image's tag at the destination.
 */
class StopDuringTransferTest {

    private static final int LAYER = 24 * 1024 * 1024;

    @Test
    void stopWhileABlobStreamsEndsStoppedWithinSecondsAndPutsNoTag() throws Exception {
        try (EngineFixture fixture = new EngineFixture(EngineFixture.QUICK);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             CountingProxy wire = new CountingProxy(src.port())) {
            RepositoryName repo = RepositoryName.parse("team/big");
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), 99);
            Descriptor layer = images.layer(repo, LAYER);
            images.image(repo, "v1", List.of(layer));
            fixture.registry("big-src", RegistryEndpoint.insecure(wire.url(), Credentials.anonymous()));
            fixture.registry("big-dst", dst.endpoint());

            UUID id = UUID.randomUUID();
            BandwidthLimiter slow = BandwidthLimiter.of("stop-during-transfer", 2L * 1024 * 1024);
            CompletableFuture<EngineFixture.Run> run = CompletableFuture.supplyAsync(() -> fixture.run(
                    EngineFixture.spec("big", "big-src", List.of(new DestinationSpec("big-dst", Optional.empty())),
                            true), id, slow));
            EngineFixture.await(Duration.ofSeconds(60), "the layer being read from the source",
                    () -> wire.count("GET", "/blobs/" + layer.digest()) >= 1);
            long asked = System.nanoTime();
            assertThat(new ExecutionRepository(fixture.dataSource).requestStop(id)).isTrue();

            EngineFixture.Run stopped = run.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - asked) / 1e9;

            assertThat(stopped.status()).isEqualTo("STOPPED");
            assertThat(seconds).as("seconds from the stop request to STOPPED").isLessThan(5.0);
            assertThat(stopped.tasksIn("STOPPED")).isEqualTo(1);
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            assertThat(atDst.headManifest(repo, Reference.tag("v1"))).isEmpty();
            System.out.printf("stop during transfer: STOPPED %.2f s after the request%n", seconds);
        }
    }
}
