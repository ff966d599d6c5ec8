package io.meridian.sync.helm;

import java.io.InputStream;
import java.util.Optional;

/** A classic chart repository read by the replication: its index, and each version's archive and provenance. */
public interface ChartSource {

    /** {@code kind url}, for messages (never a credential). */
    String describe();

    /** The repository's {@code index.yaml}, parsed. */
    IndexFile index();

    /** The {@code .tgz} of {@code version}, unverified (the caller hashes it against the index). Close it. */
    InputStream openChart(ChartVersion version);

    /** The {@code .prov} beside the {@code .tgz}, or empty when the repository has none for it. */
    Optional<InputStream> openProvenance(ChartVersion version);
}
