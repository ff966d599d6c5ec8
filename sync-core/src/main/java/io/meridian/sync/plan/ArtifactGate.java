package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Optional;

/**
 * Whether one artifact may be copied at all, asked once per artifact by {@link GateRule} after the kind filter and
 * before any destination is compared (issue 14's scan gate, {@code io.meridian.sync.gate.ScanGate}). A blocked
 * artifact becomes one {@link TaskState#BLOCKED} task (action {@code blocked}) per destination with the reason;
 * execution and preview share this decision.
 */
@FunctionalInterface
public interface ArtifactGate {

    /** No gate: every artifact may be copied. */
    ArtifactGate OPEN = (source, repo, ref, artifact) -> Optional.empty();

    /**
     * @param ref      the planned reference (a referrers fallback tag or cosign tag names its subject)
     * @param artifact what {@code ref} resolved to at the source
     * @return why {@code artifact} must not be copied; empty when it may be
     * @throws io.meridian.sync.oci.RegistryException when the decision needs a registry answer that failed
     */
    Optional<String> blockReason(GuardedRegistry source, RepositoryName repo, Reference ref, Descriptor artifact);
}
