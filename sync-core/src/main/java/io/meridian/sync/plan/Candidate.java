package io.meridian.sync.plan;

import io.meridian.sync.oci.RepositoryName;

/** One (artifact, destination) before its decision: what every {@link ArtifactRule} looks at. */
public record Candidate(PlanSpec spec, SourceFacts source, PlanDestination destination,
                        RepositoryName destinationRepository) {

    /** The destination's {@code onConflict}, or the policy's {@code override}. */
    public ConflictMode conflictMode() {
        return destination.spec().onConflict().orElse(ConflictMode.ofOverride(spec.override()));
    }
}
