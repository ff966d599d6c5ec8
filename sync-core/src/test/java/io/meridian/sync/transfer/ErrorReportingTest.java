package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every failure of a blob reaches its task's outcome with the registry's own code and message, and is not papered
 * over by a second try that cannot help (the tee used to swallow a failed source GET and let every destination read
 * the source again on its own).
 */
class ErrorReportingTest {

    private static final RepositoryName REPO = RepositoryName.parse("team/app");

    @Test
    void aSourceBlobGetRefusedPermanentlyFailsEveryDestinationWithTheSourcesCodeAfterOneRequest() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry a = LocalRegistry.anonymous();
             LocalRegistry b = LocalRegistry.anonymous(); FaultProxy sourceWire = new FaultProxy(src.port());
             TransferFixture f = new TransferFixture()) {
            TestImages.Image image = push(f, src, 21);
            TestImages.Blob layer = image.blobs().get(1);
            sourceWire.on("GET", ".*/blobs/" + layer.digest(), 100, FaultProxy.status(404, "BLOB_UNKNOWN"));
            List<CopyTarget> targets = List.of(TransferFixture.target(f.registry("a", a.url()), "team/app"),
                    TransferFixture.target(f.registry("b", b.url()), "team/app"));

            Map<CopyTarget, Throwable> failures = copy(f, f.registry("src", sourceWire.url()), image, targets);

            assertThat(failures).containsOnlyKeys(targets);
            for (Throwable failure : failures.values()) {
                TaskError error = TaskError.of(failure);
                assertThat(error.code()).isEqualTo("BLOB_UNKNOWN");
                assertThat(error.message()).contains("get blob " + layer.digest()).contains("404")
                        .contains("injected by FaultProxy");
            }
            assertThat(sourceWire.exchanges()).filteredOn(e -> e.path().endsWith(layer.digest().toString()))
                    .as("one GET for both destinations").hasSize(1);
        }
    }

    @Test
    void aDestinationRefusingAnUploadFailsOnlyThatDestinationWithItsCodeAndMessage() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry a = LocalRegistry.anonymous();
             LocalRegistry b = LocalRegistry.anonymous(); FaultProxy refusing = new FaultProxy(b.port());
             TransferFixture f = new TransferFixture()) {
            TestImages.Image image = push(f, src, 22);
            refusing.on("POST", ".*/blobs/uploads/.*", 100, FaultProxy.status(403, "DENIED"));
            CopyTarget good = TransferFixture.target(f.registry("a", a.url()), "team/app");
            CopyTarget denied = TransferFixture.target(f.registry("b", refusing.url()), "team/app");

            Map<CopyTarget, Throwable> failures = copy(f, f.registry("src", src.url()), image, List.of(good, denied));

            assertThat(failures).containsOnlyKeys(denied);
            TaskError error = TaskError.of(failures.get(denied));
            assertThat(error.code()).isEqualTo("DENIED");
            assertThat(error.message()).contains("push blob").contains("403").contains("injected by FaultProxy");
            try (RegistryClient check = new RegistryClient(f.transport, a.endpoint())) {
                assertThat(check.headManifest(REPO, Reference.tag("v1")).orElseThrow().digest())
                        .isEqualTo(image.digest());
            }
        }
    }

    private static TestImages.Image push(TransferFixture f, LocalRegistry src, long seed) {
        TestImages.Image image = new TestImages(seed).ociImage(1, 2 * 1024 * 1024);
        try (RegistryClient push = new RegistryClient(f.transport, src.endpoint())) {
            return TestImages.push(push, REPO, "v1", image);
        }
    }

    private static Map<CopyTarget, Throwable> copy(TransferFixture f, GuardedRegistry source, TestImages.Image image,
                                                   List<CopyTarget> targets) {
        ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
        return copier.copy(new ArtifactCopier.SourceArtifact(source, REPO, Reference.tag("v1"), image.digest(), null),
                targets, null);
    }
}
