package io.meridian.sync.plan;

import io.meridian.sync.oci.Digest;

/**
 * A rule's verdict on one {@link Candidate}: an action with its reason, or {@link #drop} (the artifact is not in the
 * policy's scope at all: no task, no preview item — like a tag the filters leave out).
 *
 * @param warning         said in the preview (e.g. a sparse index a registry may refuse); not an error
 * @param rewrittenDigest the digest of the index platforms.mode rewrite writes, when it writes one
 */
public record Decision(PlanAction action, String errorCode, String message, String warning, Digest rewrittenDigest) {

    private static final Decision DROP = new Decision(null, null, null, null, null);

    public static Decision of(PlanAction action) {
        return new Decision(action, null, null, null, null);
    }

    public static Decision of(PlanAction action, String errorCode, String message) {
        return new Decision(action, errorCode, message, null, null);
    }

    /** Not in the policy's scope: nothing is planned for it. */
    public static Decision drop() {
        return DROP;
    }

    public boolean dropped() {
        return action == null;
    }

    public Decision withWarning(String newWarning) {
        return new Decision(action, errorCode, message, newWarning, rewrittenDigest);
    }

    public Decision withRewrittenDigest(Digest digest) {
        return new Decision(action, errorCode, message, warning, digest);
    }
}
