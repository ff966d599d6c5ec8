package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.BlobLocations;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's blob locations in {@link EngineFixture}: the real ones, except that a test can make the next record of
 * an uploaded blob ({@link BlobLocations#uploaded}) fail — as it fails when the database goes away just then.
 */
final class FailingUploadRecords implements BlobLocations {

    private final BlobLocations real;
    private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();

    FailingUploadRecords(BlobLocations real) {
        this.real = real;
    }

    /** The next {@link #uploaded} call throws {@code failure} (once). */
    void failNext(RuntimeException failure) {
        nextFailure.set(failure);
    }

    @Override
    public List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except) {
        return real.candidates(registryId, digest, except);
    }

    @Override
    public void remember(long registryId, RepositoryName repository, Digest digest, long size) {
        real.remember(registryId, repository, digest, size);
    }

    @Override
    public void uploaded(long registryId, RepositoryName repository, Digest digest, long size) {
        RuntimeException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        real.uploaded(registryId, repository, digest, size);
    }

    @Override
    public void forget(long registryId, RepositoryName repository, Digest digest) {
        real.forget(registryId, repository, digest);
    }
}
