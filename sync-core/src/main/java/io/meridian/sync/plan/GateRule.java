package io.meridian.sync.plan;

import java.util.Optional;

/**
 * The scan gate (issue 14) as a planner rule: the policy's {@link ArtifactGate} is asked once per artifact — the
 * decider, and with it this rule, is made per artifact, so every destination shares the one answer (and the one
 * report read) — and a refused artifact is {@link #BLOCKED} with the reason for every destination. Asked after the
 * kind filter (a dropped kind needs no report) and before the destination is compared. A gate that could not read a
 * report throws, and the decider fails the task with that error rather than guessing.
 */
final class GateRule implements ArtifactRule {

    /** Refused by the scan gate: reported, not a failure, and never transferred. */
    static final PlanAction BLOCKED = new PlanAction("blocked", TaskState.BLOCKED);

    private final ArtifactGate gate;
    private Optional<String> reason;
    private RuntimeException failure;

    GateRule(ArtifactGate gate) {
        this.gate = gate;
    }

    @Override
    public synchronized Decision decide(Candidate candidate) {
        if (gate == ArtifactGate.OPEN) {
            return null;
        }
        if (reason == null && failure == null) {
            SourceFacts s = candidate.source();
            try {
                reason = gate.blockReason(s.registry(), s.repository(), s.reference(), s.descriptor());
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reason.map(r -> Decision.of(BLOCKED, "BLOCKED", r)).orElse(null);
    }
}
