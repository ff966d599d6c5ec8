package io.meridian.sync.plan;

import io.meridian.sync.oci.RepositoryName;

/** Builds the {@link PlannedTask} of a decision, or of a failure before one. */
final class PlannedTasks {

    private PlannedTasks() {
    }

    static PlannedTask of(Candidate c, Decision d) {
        SourceFacts s = c.source();
        return new PlannedTask(s.repository(), s.reference(), null, s.descriptor().digest(), s.descriptor().mediaType(),
                c.destination().registry().id(), c.destinationRepository(), d.action().state(), d.errorCode(),
                d.message(), d.action(), d.warning(), d.rewrittenDigest());
    }

    /**
     * A FAILED task whose destination repository could not be named (an invalid rename result): recorded under the
     * source repository's name, the message naming the invalid result.
     */
    static PlannedTask failed(SourceFacts s, PlanDestination d, String code, String message) {
        return new PlannedTask(s.repository(), s.reference(), null, s.descriptor().digest(), s.descriptor().mediaType(),
                d.registry().id(), s.repository(), TaskState.FAILED, code, message);
    }

    /** The destination repository when it can be named, else the source's (the task then fails naming why). */
    static RepositoryName destinationOrSource(PlanDestination d, RepositoryName source) {
        try {
            return d.spec().destinationRepository(source);
        } catch (IllegalArgumentException e) {
            return source;
        }
    }
}
