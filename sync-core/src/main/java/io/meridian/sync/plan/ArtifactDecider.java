package io.meridian.sync.plan;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.TaskError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides what happens to each (artifact, destination): the destination's repository name
 * (rename, namespace), then the rules in order until one answers. The planner emits what this decides; an
 * execution persists it as tasks, a preview renders it.
 */
final class ArtifactDecider {

    private final List<ArtifactRule> rules;

    ArtifactDecider(PlanSpec spec) {
        this.rules = rules(spec);
    }

    /** The rules, in the order they are asked. Add a decision here, one line. */
    static List<ArtifactRule> rules(PlanSpec spec) {
        List<ArtifactRule> rules = new ArrayList<>();
        rules.add(new KindRule());
        rules.add(new GateRule(spec.gate())); // issue 14: the scan gate
        rules.add(new DestinationRule());
        return rules;
    }

    /** The task for {@code destination}, or empty when a rule drops the artifact. */
    Optional<PlannedTask> decide(PlanSpec spec, SourceFacts source, PlanDestination destination) {
        RepositoryName destRepo;
        try {
            destRepo = destination.spec().destinationRepository(source.repository());
        } catch (IllegalArgumentException e) {
            return Optional.of(PlannedTasks.failed(source, destination, "NAME_INVALID", "destination repository for "
                    + source.repository().value() + " at " + destination.registry().name() + ": " + e.getMessage()));
        }
        Candidate candidate = new Candidate(spec, source, destination, destRepo);
        for (ArtifactRule rule : rules) {
            Decision decision;
            try {
                decision = rule.decide(candidate);
            } catch (RuntimeException e) {
                TaskError error = TaskError.of(e);
                decision = Decision.of(PlanAction.FAILED, error.code(), error.message());
            }
            if (decision != null) {
                return decision.dropped() ? Optional.empty() : Optional.of(PlannedTasks.of(candidate, decision));
            }
        }
        throw new IllegalStateException("no rule decided " + source.repository().value() + ":" + source.reference());
    }
}
