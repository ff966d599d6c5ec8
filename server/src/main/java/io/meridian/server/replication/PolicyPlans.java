package io.meridian.server.replication;

import io.meridian.policies.Destination;
import io.meridian.policies.Platforms;
import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.sync.plan.ConflictMode;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.select.ArtifactKind;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.select.PlatformFilter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A policy as the engine's {@link PlanSpec}: the one translation an execution ({@link PolicyExecutionResolver}) and a
 * preview both use, so they plan the same thing.
 */
public final class PolicyPlans {

    private PolicyPlans() {
    }

    /**
     * @param registries opens the source for the scan gate's Harbor scan overview (issue 14; unused without a gate)
     * @throws io.meridian.validation.InvalidDefinitionException when the policy is invalid
     */
    public static PlanSpec spec(Policy policy, RegistryConnections registries) {
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        // the policy selects from each repository's whole tag list (tags.latest) and adds its digests
        return new PlanSpec(policy.name(), policy.source().registry(), evaluator::matchesRepository,
                evaluator::matchesTag, policy.destinations().stream().map(PolicyPlans::destination).toList(),
                policy.override(), PlanSpec.literalNames(policy.source().repositories()), evaluator::references,
                scope(policy), PolicyGates.of(policy, registries));
    }

    static DestinationSpec destination(Destination d) {
        return new DestinationSpec(d.registry(), Optional.ofNullable(d.namespace()), PolicyEvaluator.rename(d),
                Optional.ofNullable(d.onConflict()).map(m -> ConflictMode.valueOf(m.toUpperCase(Locale.ROOT))));
    }

    /** {@code artifacts} and {@code platforms}: the policy's names mapped onto the engine's kinds and filter. */
    static CopyScope scope(Policy policy) {
        Set<ArtifactKind> kinds = EnumSet.allOf(ArtifactKind.class);
        if (policy.artifacts() != null) {
            kinds = EnumSet.noneOf(ArtifactKind.class);
            for (String name : policy.artifacts()) {
                kinds.add(ArtifactKind.valueOf(io.meridian.policies.ArtifactKind.parse(name).orElseThrow().name()));
            }
        }
        Platforms p = policy.platforms();
        Optional<PlatformFilter> platforms = p == null ? Optional.empty() : Optional.of(new PlatformFilter(
                Set.copyOf(p.include()), PlatformFilter.Mode.valueOf(p.mode().toUpperCase(Locale.ROOT))));
        return new CopyScope(kinds, platforms);
    }
}
