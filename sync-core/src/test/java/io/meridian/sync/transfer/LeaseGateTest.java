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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Registry-side writes of a node that lost the execution's lease: the lease is asked before every tag PUT, so a
 * node that lost it does not re-point a tag (content by digest may still arrive: it is addressed by its hash and
 * harms nothing).
 */
class LeaseGateTest {

    private static final RepositoryName REPO = RepositoryName.parse("team/app");

    @Test
    void doesNotPutTheTagOnceTheLeaseIsLost() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             TransferFixture f = new TransferFixture();
             RegistryClient atSrc = new RegistryClient(f.transport, src.endpoint());
             RegistryClient atDst = new RegistryClient(f.transport, dst.endpoint())) {
            TestImages.Image image = TestImages.push(atSrc, REPO, "v1", new TestImages(41).ociImage(2, 4096));
            CopyTarget target = TransferFixture.target(f.registry("dst", dst.url()), REPO.toString());
            AtomicInteger asked = new AtomicInteger();
            LeaseCheck lost = what -> {
                asked.incrementAndGet();
                throw new LeaseLostException("execution x is now held by node b; " + what + " not put");
            };

            ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
            Map<CopyTarget, Throwable> failures = copier.copy(new ArtifactCopier.SourceArtifact(
                    f.registry("src", src.url()), REPO, Reference.tag("v1"), image.digest(), null),
                    List.of(target), null, lost);

            assertThat(asked).hasValue(1);
            assertThat(failures.get(target)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("tag v1 at dst/team/app");
            assertThat(atDst.headManifest(REPO, Reference.tag("v1"))).as("the tag at the destination").isEmpty();
        }
    }

    @Test
    void putsTheTagWhileTheLeaseIsHeld() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             TransferFixture f = new TransferFixture();
             RegistryClient atSrc = new RegistryClient(f.transport, src.endpoint());
             RegistryClient atDst = new RegistryClient(f.transport, dst.endpoint())) {
            TestImages.Image image = TestImages.push(atSrc, REPO, "v1", new TestImages(42).ociImage(1, 4096));
            CopyTarget target = TransferFixture.target(f.registry("dst", dst.url()), REPO.toString());
            AtomicInteger asked = new AtomicInteger();

            ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
            Map<CopyTarget, Throwable> failures = copier.copy(new ArtifactCopier.SourceArtifact(
                    f.registry("src", src.url()), REPO, Reference.tag("v1"), image.digest(), null),
                    List.of(target), null, what -> asked.incrementAndGet());

            assertThat(failures).isEmpty();
            assertThat(asked).as("asked once, before the tag").hasValue(1);
            assertThat(atDst.headManifest(REPO, Reference.tag("v1"))).map(Descriptor::digest)
                    .contains(image.digest());
        }
    }
}
