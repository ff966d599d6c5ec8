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

    void forget(long registryId, RepositoryName repository, Digest digest);
}
