package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import java.util.List;

/**
 * Where Meridian last saw each blob: lets the copier mount a blob from another repository of
 * the same registry instead of uploading it again. A hint only: a failed mount forgets the
 * location and the registry's answer wins.
 */
public interface BlobLocations {

    /** A few other repositories of {@code registryId} believed to hold {@code digest}, newest first. */
    List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except);

    void remember(long registryId, RepositoryName repository, Digest digest, long size);

    /**
     * A blob this process has just uploaded into {@code repository}: remembered where it outlives the process at
     * once, not with the chunk's other outcomes. A {@code kill -9} between the upload and the chunk's commit would
     * otherwise lose the only record of it, and the next life would upload (and read from the source) the same blob
     * again for another repository of that registry instead of mounting it (found by {@code CrashPointsIT}).
     */
    default void uploaded(long registryId, RepositoryName repository, Digest digest, long size) {
        remember(registryId, repository, digest, size);
    }

    void forget(long registryId, RepositoryName repository, Digest digest);
}
