package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import java.util.Optional;

/**
 * The last rule: compare with the destination (one HEAD) and apply its conflict mode. What the destination should end
 * up holding is the source digest, or the rewritten index's digest under {@code platforms.mode: rewrite}
 * ({@link IndexTarget}).
 */
final class DestinationRule implements ArtifactRule {

    @Override
    public Decision decide(Candidate c) {
        IndexTarget target = IndexTarget.of(c.spec().scope(), c.source());
        if (target.nothingSelected()) {
            return Decision.drop();
        }
        Digest wanted = target.digest();
        Reference ref = c.source().reference() instanceof Reference.DigestReference ? Reference.digest(wanted) : c.source().reference();
        Optional<Descriptor> there = OneMoreRound.read("head " + c.destination().registry().name() + "/"
                + c.destinationRepository().value() + ":" + ref.value(),
                () -> c.destination().registry().headManifest(c.destinationRepository(), ref));
        Decision decision;
        if (there.isEmpty()) {
            decision = Decision.of(target.rewritten() ? PlanAction.REWRITE : PlanAction.COPY);
        } else if (there.get().digest().equals(wanted)) {
            return Decision.of(PlanAction.SKIP).withRewrittenDigest(target.rewritten() ? wanted : null);
        } else {
            decision = switch (c.conflictMode()) {
                case KEEP -> Decision.of(PlanAction.CONFLICT, "CONFLICT", "destination " + c.destination().registry().name()
                        + "/" + c.destinationRepository().value() + ":" + ref.value() + " is " + there.get().digest()
                        + ", source is " + wanted + "; left alone (" + (c.destination().spec().onConflict().isPresent()
                        ? "onConflict keep" : "override is false") + ")");
                case BACKUP -> Decision.of(PlanAction.BACKUP, null, "destination holds " + there.get().digest()
                        + "; it is tagged <tag>-backup-<UTC yyyyMMddHHmmss> before the overwrite");
                case OVERWRITE -> Decision.of(target.rewritten() ? PlanAction.REWRITE : PlanAction.OVERWRITE);
            };
        }
        return decision.withWarning(target.warning()).withRewrittenDigest(target.rewritten() ? wanted : null);
    }
}
