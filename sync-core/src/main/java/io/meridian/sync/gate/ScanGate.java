package io.meridian.sync.gate;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.ArtifactGate;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan gate's decision for one artifact: copied only if its vulnerability report shows nothing above
 * {@code maxSeverity}; without a report, as {@code onMissingReport} says. A report that exists but cannot be read as
 * one (not SARIF, no layer) blocks: the gate never lets through what it could not check. What hangs off an image by
 * tag convention — its referrers fallback tag {@code sha256-<hex>} and cosign's {@code sha256-<hex>.sig|.att|.sbom} —
 * has no report of its own and follows its subject's decision: a blocked image's SARIF report, signatures and SBOMs
 * are not copied without it either.
 */
public final class ScanGate implements ArtifactGate {

    private static final Logger LOG = LoggerFactory.getLogger(ScanGate.class);

    private static final java.util.regex.Pattern ACCESSORY_TAG =
            java.util.regex.Pattern.compile("sha256-([0-9a-f]{64})(?:\\.(?:sig|att|sbom))?");

    private final Severity maxSeverity;
    private final boolean allowMissingReport;
    private final ReportSource reports;

    public ScanGate(Severity maxSeverity, boolean allowMissingReport, ReportSource reports) {
        this.maxSeverity = Objects.requireNonNull(maxSeverity, "maxSeverity");
        this.allowMissingReport = allowMissingReport;
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    @Override
    public Optional<String> blockReason(GuardedRegistry source, RepositoryName repo, Reference ref,
                                        Descriptor artifact) {
        java.util.regex.Matcher accessory = ACCESSORY_TAG.matcher(ref instanceof Reference.Tag tag ? tag.value() : "");
        if (accessory.matches()) {
            Digest subject = Digest.parse("sha256:" + accessory.group(1));
            return decide(source, repo, subject).map(r -> "follows its subject " + subject.shortForm() + ": " + r);
        }
        return decide(source, repo, artifact.digest());
    }

    private Optional<String> decide(GuardedRegistry source, RepositoryName repo, Digest artifact) {
        String what = repo.value() + "@" + artifact.shortForm();
        Optional<VulnerabilityReport> report;
        try {
            report = reports.find(source, repo, artifact);
        } catch (IllegalArgumentException e) {
            return blocked(what, "vulnerability report unreadable: " + e.getMessage());
        }
        if (report.isEmpty()) {
            if (allowMissingReport) {
                LOG.info("gate: {} has no vulnerability report; copied (onMissingReport: allow)", what);
                return Optional.empty();
            }
            return blocked(what, "no vulnerability report (onMissingReport: block)");
        }
        Severity highest = report.get().highest();
        String counts = report.get().describeCounts() + "; " + report.get().source();
        if (highest.compareTo(maxSeverity) > 0) {
            return blocked(what, "highest severity " + highest.json() + " is above maxSeverity " + maxSeverity.json()
                    + " (" + counts + ")");
        }
        LOG.info("gate: {} passes, highest severity {} (maxSeverity {}; {})", what, highest.json(), maxSeverity.json(),
                counts);
        return Optional.empty();
    }

    private static Optional<String> blocked(String what, String reason) {
        LOG.info("gate: {} blocked: {}", what, reason);
        return Optional.of(reason);
    }

    @Override
    public String toString() {
        return "ScanGate[maxSeverity=" + maxSeverity.json() + ", onMissingReport="
                + (allowMissingReport ? "allow" : "block") + ", reports=" + reports.getClass().getSimpleName() + "]";
    }
}
