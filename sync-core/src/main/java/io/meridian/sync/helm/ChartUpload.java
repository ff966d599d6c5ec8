package io.meridian.sync.helm;

import java.util.Objects;
import java.util.Optional;

/** One chart version to write: its source index entry, its verified archive and, when the source has one, its {@code .prov}. */
public record ChartUpload(ChartVersion entry, SpooledChart chart, Optional<SpooledChart> provenance) {
    public ChartUpload {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(chart, "chart");
        provenance = provenance == null ? Optional.empty() : provenance;
    }
}
