package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The copier copies the manifest the plan resolved, not whatever the tag points at when the copy runs: a tag moved
 * between plan and transfer is the next plan's business.
 */
class PlannedDigestTest {

    private static final RepositoryName REPO = RepositoryName.parse("team/app");

    @Test
    void copiesThePlannedDigestWhenTheTagMovedSincePlan() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             TransferFixture f = new TransferFixture();
             RegistryClient atSrc = new RegistryClient(f.transport, src.endpoint());
             RegistryClient atDst = new RegistryClient(f.transport, dst.endpoint())) {
            TestImages.Image planned = TestImages.push(atSrc, REPO, "v1", new TestImages(31).ociImage(1, 4096));
            TestImages.Image moved = TestImages.push(atSrc, REPO, "v1", new TestImages(32).ociImage(1, 4096));
            assertThat(moved.digest()).isNotEqualTo(planned.digest());
            assertThat(atSrc.headManifest(REPO, Reference.tag("v1"))).map(Descriptor::digest)
                    .as("the source's v1 moved after the plan").contains(moved.digest());
            CopyTarget target = TransferFixture.target(f.registry("dst", dst.url()), REPO.toString());

            ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
            Map<CopyTarget, Throwable> failures = copier.copy(new ArtifactCopier.SourceArtifact(
                    f.registry("src", src.url()), REPO, Reference.tag("v1"), planned.digest(), null),
                    List.of(target), null);

            assertThat(failures).isEmpty();
            assertThat(atDst.headManifest(REPO, Reference.tag("v1"))).map(Descriptor::digest)
                    .as("the destination's v1").contains(planned.digest());
        }
    }
}
