package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.batch.RecentBlobLocations;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A blob uploaded into one repository just before a {@code kill -9} (the chunk's outcomes, with the blob's location,
 * never committed) is mounted into another repository of that registry by the next process, not uploaded — and read
 * from the source — a second time. The first failure of {@code CrashPointsIT}: the location lived only in the dead
 * process's memory until the chunk's commit.
 */
class UploadedBlobLocationTest {

    private static final RepositoryName A = RepositoryName.parse("crash/a");
    private static final RepositoryName B = RepositoryName.parse("crash/b");

    @Test
    void aBlobUploadedBeforeACrashIsMountedByTheNextProcessNotSentAgain() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             TransferFixture f = new TransferFixture();
             RegistryClient atSrc = new RegistryClient(f.transport, src.endpoint())) {
            byte[] bytes = new byte[40_000];
            new Random(20261203).nextBytes(bytes);
            Digest digest = Digest.sha256Of(bytes);
            atSrc.pushBlob(A, digest, bytes);
            atSrc.pushBlob(B, digest, bytes);
            Descriptor blob = new Descriptor(MediaType.OCI_LAYER_GZIP, digest, bytes.length);
            GuardedRegistry source = f.registry("src", src.url());
            GuardedRegistry destination = f.registry("dst", dst.url());
            // the blob_locations table: it outlives a process; each process has its own memory in front of it
            TransferFixture.MemoryLocations table = new TransferFixture.MemoryLocations();

            CopyTarget first = TransferFixture.target(destination, A.value());
            assertThat(new BlobTransfer(new RecentBlobLocations(table), f.streamPool)
                    .ensure(source, A, blob, List.of(first), null)).isEmpty();
            assertThat(first.progress().count(BlobMethod.COPIED)).isEqualTo(1);
            // kill -9 here: the chunk holding the first copy never reaches its writer

            CopyTarget second = TransferFixture.target(destination, B.value());
            Map<CopyTarget, Throwable> failures = new BlobTransfer(new RecentBlobLocations(table), f.streamPool)
                    .ensure(source, B, blob, List.of(second), null);

            assertThat(failures).isEmpty();
            assertThat(second.progress().count(BlobMethod.MOUNTED)).as("mounted from crash/a").isEqualTo(1);
            assertThat(second.progress().count(BlobMethod.COPIED)).as("uploaded again").isZero();
            assertThat(second.progress().bytesRead()).as("bytes read from the source again").isZero();
        }
    }
}
