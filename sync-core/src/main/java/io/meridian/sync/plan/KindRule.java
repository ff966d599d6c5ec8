package io.meridian.sync.plan;

import io.meridian.sync.select.ArtifactKind;
import io.meridian.sync.select.CopyScope;
import java.util.Optional;

/**
 * {@code artifacts}: an artifact whose kind the policy does not select is dropped. A cosign tag says its kind by its
 * suffix; anything else is classified from its manifest, which is read only when the policy leaves some kind out.
 */
final class KindRule implements ArtifactRule {

    @Override
    public Decision decide(Candidate candidate) {
        CopyScope scope = candidate.spec().scope();
        if (!scope.needsManifestKind()) {
            return null;
        }
        Optional<ArtifactKind> byTag = ArtifactKind.ofTag(candidate.source().reference());
        ArtifactKind kind = byTag.orElseGet(() -> ArtifactKind.of(candidate.source().manifest().parse()));
        return scope.copies(kind) ? null : Decision.drop();
    }
}
