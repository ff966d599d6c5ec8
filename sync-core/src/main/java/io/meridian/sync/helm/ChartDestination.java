package io.meridian.sync.helm;

import java.util.List;
import java.util.Optional;

/** Where charts are written: a ChartMuseum, an S3 bucket or an OCI registry. */
public interface ChartDestination {

    /** {@code kind url}, for messages (never a credential). */
    String describe();

    /** The digest of {@code name}-{@code version} at this destination, or empty when it has none. */
    Optional<ChartDigest> existing(String name, String version);

    /**
     * Writes the charts (each already verified) and makes them visible: archives and provenance first, the index (or
     * tag) last, so no index entry ever points at a missing archive.
     *
     * @param overwrite replace a version that exists with another digest (otherwise that is a permanent error)
     */
    void put(List<ChartUpload> uploads, boolean overwrite);
}
