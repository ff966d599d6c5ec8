package io.meridian.server.replication;

import io.meridian.policies.Gate;
import io.meridian.policies.Policy;
import io.meridian.sync.gate.ReportSource;
import io.meridian.sync.gate.SarifReferrers;
import io.meridian.sync.gate.ScanGate;
import io.meridian.sync.gate.Severity;
import io.meridian.sync.plan.ArtifactGate;

/**
 * A policy's {@code gate} as the engine's {@link ArtifactGate} (issue 14): reports from SARIF referrers of the
 * artifact; for a source registry of kind {@code harbor}, Harbor's scan overview first, then SARIF referrers.
 */
final class PolicyGates {

    private PolicyGates() {
    }

    static ArtifactGate of(Policy policy, RegistryConnections registries) {
        Gate gate = policy.gate();
        if (gate == null) {
            return ArtifactGate.OPEN;
        }
        ReportSource reports = registries.harborScanOverview(policy.source().registry())
                .map(harbor -> harbor.orElse(new SarifReferrers()))
                .orElseGet(SarifReferrers::new);
        return new ScanGate(Severity.parse(gate.maxSeverity()), gate.allowsMissingReport(), reports);
    }
}
