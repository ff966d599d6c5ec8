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
 * Bytes that go wrong in transit are transient: a corrupted body is fetched again, a cut body is read on with a
 * Range GET from where it broke, a destination's DIGEST_INVALID for bytes we verified is uploaded again. A source
 * that serves the same wrong bytes twice (corrupt on its disk) ends DIGEST_INVALID with nothing committed; damage that
 * differs each time is fetched again, up to {@link WrongBytes#MAX_FETCHES} fetches.
 */
class TransientBytesTest {

    private static final RepositoryName REPO = RepositoryName.parse("team/app");
    private static final int LAYER = 6 * 1024 * 1024;

    @Test
    void fetchesAgainWhenBytesArriveCorrupted() throws Exception {
        try (Setup s = new Setup(7)) {
            s.sourceWire.on("GET", ".*/blobs/" + s.layer.digest(), 1, FaultProxy.corruptResponse(LAYER / 2));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.sourceWire.faultsApplied()).isEqualTo(1);
            s.assertCopied();
        }
    }

    @Test
    void keepsFetchingWhileEachFetchIsDamagedInANewWay() throws Exception {
        try (Setup s = new Setup(13)) {
            int damaged = WrongBytes.MAX_FETCHES - 1; // one more than the old fixed bound of 3 fetches allowed
            for (int i = 0; i < damaged; i++) {
                s.sourceWire.on("GET", ".*/blobs/" + s.layer.digest(), 1, FaultProxy.corruptResponse(1000L * (i + 1)));
            }

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.sourceWire.faultsApplied()).as("damaged fetches").isEqualTo(damaged);
            s.assertCopied();
        }
    }

    @Test
    void fetchesAManifestAgainWhileEachFetchIsDamagedInANewWay() throws Exception {
        try (Setup s = new Setup(14)) {
            int damaged = WrongBytes.MAX_FETCHES - 1;
            for (int i = 0; i < damaged; i++) {
                s.sourceWire.on("GET", ".*/manifests/" + s.image.digest(), 1, FaultProxy.corruptResponse(10 + i));
            }

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.sourceWire.faultsApplied()).as("damaged fetches").isEqualTo(damaged);
            s.assertCopied();
        }
    }

    @Test
    void readsOnWithARangeGetWhereACutBodyStopped() throws Exception {
        try (Setup s = new Setup(8)) {
            s.sourceWire.on("GET", ".*/blobs/" + s.layer.digest(), 1, FaultProxy.cutResponse(LAYER / 3));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.sourceWire.faultsApplied()).isEqualTo(1);
            assertThat(s.sourceWire.responseBytes("GET", s.layer.digest().toString()))
                    .as("the good part is not read twice: %s", s.sourceWire.exchanges()).isEqualTo(LAYER);
            assertThat(s.sourceWire.exchanges()).filteredOn(e -> e.path().contains(s.layer.digest().toString()))
                    .extracting(FaultProxy.Exchange::status).containsExactly(200, 206);
            s.assertCopied();
        }
    }

    @Test
    void uploadsAgainWhenTheDestinationRefusesVerifiedBytesAsDigestInvalid() throws Exception {
        try (Setup s = new Setup(9)) {
            s.destinationWire.on("PUT", ".*/blobs/uploads/.*", 1, FaultProxy.status(400, "DIGEST_INVALID"));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.destinationWire.faultsApplied()).isEqualTo(1);
            s.assertCopied();
        }
    }

    @Test
    void aSourceThatKeepsServingWrongBytesEndsDigestInvalidWithNothingCommitted() throws Exception {
        try (Setup s = new Setup(10)) {
            s.sourceWire.on("GET", ".*/blobs/" + s.layer.digest(), 100, FaultProxy.corruptResponse(123));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).hasSize(1);
            assertThat(TaskError.of(failures.values().iterator().next()).code()).isEqualTo("DIGEST_INVALID");
            assertThat(s.sourceWire.faultsApplied()).as("fetches of the bad blob: the same wrong bytes twice end it")
                    .isEqualTo(2);
            try (RegistryClient check = new RegistryClient(s.f.transport, s.destination.endpoint())) {
                assertThat(check.headBlob(REPO, s.layer.digest())).isEmpty();
                assertThat(check.headManifest(REPO, Reference.tag("v1"))).isEmpty();
            }
        }
    }

    @Test
    void fetchesAManifestAgainWhenItsBytesArriveCorrupted() throws Exception {
        try (Setup s = new Setup(11)) {
            s.sourceWire.on("GET", ".*/manifests/" + s.image.digest(), 1, FaultProxy.corruptResponse(40));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).isEmpty();
            assertThat(s.sourceWire.faultsApplied()).isEqualTo(1);
            s.assertCopied();
        }
    }

    @Test
    void aSourceManifestThatKeepsArrivingWrongEndsDigestInvalidWithNothingCommitted() throws Exception {
        try (Setup s = new Setup(12)) {
            s.sourceWire.on("GET", ".*/manifests/" + s.image.digest(), 100, FaultProxy.corruptResponse(40));

            Map<CopyTarget, Throwable> failures = s.copy();

            assertThat(failures).hasSize(1);
            assertThat(TaskError.of(failures.values().iterator().next()).code()).isEqualTo("DIGEST_INVALID");
            assertThat(s.sourceWire.faultsApplied()).as("GETs of the bad manifest: the same wrong bytes twice end it")
                    .isEqualTo(2);
            try (RegistryClient check = new RegistryClient(s.f.transport, s.destination.endpoint())) {
                assertThat(check.headManifest(REPO, Reference.tag("v1"))).isEmpty();
            }
        }
    }

    /** One source behind a proxy, one destination behind a proxy, one 1-layer image. */
    private static final class Setup implements AutoCloseable {
        final LocalRegistry source = LocalRegistry.anonymous();
        final LocalRegistry destination = LocalRegistry.anonymous();
        final FaultProxy sourceWire;
        final FaultProxy destinationWire;
        final TransferFixture f = new TransferFixture();
        final TestImages.Image image;
        final TestImages.Blob layer;

        Setup(long seed) throws Exception {
            sourceWire = new FaultProxy(source.port());
            destinationWire = new FaultProxy(destination.port());
            image = new TestImages(seed).ociImage(1, LAYER);
            layer = image.blobs().stream().filter(b -> b.content().length == LAYER).findFirst().orElseThrow();
            try (RegistryClient push = new RegistryClient(f.transport, source.endpoint())) {
                TestImages.push(push, REPO, "v1", image);
            }
        }

        Map<CopyTarget, Throwable> copy() {
            ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
            return copier.copy(new ArtifactCopier.SourceArtifact(f.registry("src", sourceWire.url()), REPO,
                    Reference.tag("v1"), image.digest(), null),
                    List.of(TransferFixture.target(f.registry("dst", destinationWire.url()), "team/app")), null);
        }

        void assertCopied() {
            try (RegistryClient check = new RegistryClient(f.transport, destination.endpoint())) {
                assertThat(check.headManifest(REPO, Reference.tag("v1")).orElseThrow().digest())
                        .isEqualTo(image.digest());
                assertThat(check.headBlob(REPO, layer.digest())).contains((long) LAYER);
            }
        }

        @Override
        public void close() throws Exception {
            f.close();
            sourceWire.close();
            destinationWire.close();
            source.close();
            destination.close();
        }
    }
}
