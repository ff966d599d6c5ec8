package io.meridian.sync.gate;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Optional;

/** Where the gate reads an artifact's vulnerability report from. */
public interface ReportSource {

    /**
     * @param source   the source registry the artifact is planned from
     * @param artifact the digest of the manifest (or index) the tag resolved to
     * @return the artifact's report; empty when it has none
     * @throws io.meridian.sync.oci.RegistryException when the report cannot be read (the task fails; it is not
     *                                                treated as a missing report)
     */
    Optional<VulnerabilityReport> find(GuardedRegistry source, RepositoryName repo, Digest artifact);

    /** This source's report, else {@code next}'s (a Harbor source: its scan overview, else a SARIF referrer). */
    default ReportSource orElse(ReportSource next) {
        return (source, repo, artifact) -> {
            Optional<VulnerabilityReport> report = find(source, repo, artifact);
            return report.isPresent() ? report : next.find(source, repo, artifact);
        };
    }
}
