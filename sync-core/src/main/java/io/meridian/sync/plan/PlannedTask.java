package io.meridian.sync.plan;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;

/**
 * One (artifact, destination) decision of the planner, as persisted in {@code tasks}.
 *
 * @param reference         the source tag or digest; null only when the reference is no OCI reference (see
 *                          {@code unparsedReference})
 * @param unparsedReference the reference text when it is not a valid OCI reference, else null: an invalid source tag
 *                          (a FAILED task), or a classic chart version such as {@code 1.0.0+build} (a chart task, final
 *                          when planned — see {@code io.meridian.sync.helm.ChartExecution})
 * @param digest            the source digest the tag resolved to (null when the source HEAD failed)
 * @param mediaType         the source manifest's media type (null when the source HEAD failed)
 * @param errorCode         set for FAILED (and CONFLICT: the destination's digest is in the message)
 * @param action            what the planner decided ({@link PlanAction}); its state is {@code state}
 * @param warning           what a preview warns of (not persisted), or null
 * @param rewrittenDigest   the digest of the index {@code platforms.mode: rewrite} writes, or null
 */
public record PlannedTask(RepositoryName sourceRepository, Reference reference, String unparsedReference,
                          Digest digest, MediaType mediaType, long destinationRegistryId,
                          RepositoryName destinationRepository, TaskState state, String errorCode,
                          String errorMessage, PlanAction action, String warning, Digest rewrittenDigest) {

    /** A task whose action follows from its state (chart tasks, failures before any decision). */
    public PlannedTask(RepositoryName sourceRepository, Reference reference, String unparsedReference,
                       Digest digest, MediaType mediaType, long destinationRegistryId,
                       RepositoryName destinationRepository, TaskState state, String errorCode, String errorMessage) {
        this(sourceRepository, reference, unparsedReference, digest, mediaType, destinationRegistryId,
                destinationRepository, state, errorCode, errorMessage, PlanAction.forState(state), null, null);
    }

    public PlannedTask {
        Objects.requireNonNull(action, "action");
        // a task can be planned and done at once (a classic chart is copied while planning): copy, then COPIED
        if (action.state() != state && !(action.state() == TaskState.PENDING && state.isFinal())) {
            throw new IllegalArgumentException("action " + action + " plans state " + action.state() + ", not " + state);
        }
        Objects.requireNonNull(sourceRepository, "sourceRepository");
        if ((reference == null) == (unparsedReference == null)) {
            throw new IllegalArgumentException("exactly one of reference and unparsedReference");
        }
        if (unparsedReference != null && state == TaskState.PENDING) {
            throw new IllegalArgumentException("a task without an OCI reference cannot be left for the transfer step");
        }
        Objects.requireNonNull(destinationRepository, "destinationRepository");
        Objects.requireNonNull(state, "state");
    }

    /** The reference as stored in {@code tasks.reference}. */
    public String referenceText() {
        return reference != null ? reference.value() : unparsedReference;
    }
}
