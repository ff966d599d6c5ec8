package io.meridian.sync.plan;

/**
 * One step of the planner's per-artifact decision. {@link ArtifactDecider} asks its rules in order; the first that
 * answers decides. A rule that does not concern a candidate answers null. Preview and execution run the same rules
 * (the preview renders exactly what is decided here), so they cannot disagree.
 *
 * <p>To add a decision (a scan gate that blocks, …): write one small rule returning its own {@link PlanAction} and add
 * it in {@link ArtifactDecider#rules(PlanSpec)} — one line.
 */
@FunctionalInterface
public interface ArtifactRule {

    /**
     * @return the decision, or null to leave it to the next rule
     * @throws RuntimeException a registry failure: the task is FAILED with it
     */
    Decision decide(Candidate candidate);
}
