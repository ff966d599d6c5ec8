package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defect of issue 8: with several destinations, a retryable failure inside a tee'd upload used to be retried on the
 * consumed tee pipe and hang until the transfer timeout. Now the failed consumer leaves the tee and copies alone from
 * a fresh source GET while the others go on.
 */
class FanOutRetryTest {

    private static final int LAYER = 8 * 1024 * 1024;
    private static final RepositoryName REPO = RepositoryName.parse("team/app");

    @Test
    void fanOutToThreeFinishesInSecondsWhenOneDestinationAnswers503MidUpload() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry a = LocalRegistry.anonymous();
             LocalRegistry b = LocalRegistry.anonymous(); LocalRegistry c = LocalRegistry.anonymous();
             FaultProxy sourceWire = new FaultProxy(src.port()); FaultProxy flaky = new FaultProxy(c.port());
             TransferFixture f = new TransferFixture()) {
            TestImages.Image image = new TestImages(8).ociImage(3, LAYER);
            try (RegistryClient push = new RegistryClient(f.transport, src.endpoint())) {
                TestImages.push(push, REPO, "v1", image);
            }
            TestImages.Blob faulted = image.blobs().get(1);
            flaky.on("PUT", ".*/blobs/uploads/.*digest=" + faulted.digest().toString().replace(":", "(:|%3A)") + ".*",
                    1, FaultProxy.statusMidBody(503, 2 * 1024 * 1024));
            GuardedRegistry source = f.registry("src", sourceWire.url());
            List<CopyTarget> targets = List.of(
                    TransferFixture.target(f.registry("a", a.url()), "team/app"),
                    TransferFixture.target(f.registry("b", b.url()), "team/app"),
                    TransferFixture.target(f.registry("c", flaky.url()), "team/app"));

            Map<CopyTarget, Throwable> failures = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> copy(f, source, targets));

            assertThat(failures).isEmpty();
            assertThat(flaky.faultsApplied()).as("the fault was injected").isEqualTo(1);
            long total = image.allBlobs().stream().mapToLong(bl -> bl.content().length).sum();
            assertThat(sourceWire.responseBytes("GET", "/blobs/"))
                    .as("source blob bytes read: once for all, plus the retried blob")
                    .isLessThanOrEqualTo(total + faulted.content().length);
            for (LocalRegistry dest : List.of(a, b, c)) {
                try (RegistryClient check = new RegistryClient(f.transport, dest.endpoint())) {
                    assertThat(check.headManifest(REPO, Reference.tag("v1")).orElseThrow().digest())
                            .isEqualTo(image.digest());
                    for (TestImages.Blob blob : image.allBlobs()) {
                        assertThat(check.headBlob(REPO, blob.digest())).contains((long) blob.content().length);
                    }
                }
            }
        }
    }

    static Map<CopyTarget, Throwable> copy(TransferFixture f, GuardedRegistry source, List<CopyTarget> targets) {
        ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
        return copier.copy(new ArtifactCopier.SourceArtifact(source, REPO, Reference.tag("v1"), null, null), targets,
                null);
    }

}
