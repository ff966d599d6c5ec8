package io.meridian.sync.select;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What of an artifact a policy copies: which kinds (an artifact, and a signature, attestation, SBOM or other
 * referrer following its subject, only when its kind is in) and which children of a multi-arch index.
 *
 * @param platforms empty: indexes are copied whole, byte-exact
 */
public record CopyScope(Set<ArtifactKind> kinds, Optional<PlatformFilter> platforms) {

    /** Every kind, whole indexes: what a policy without {@code artifacts} and {@code platforms} copies. */
    public static final CopyScope ALL = new CopyScope(EnumSet.allOf(ArtifactKind.class), Optional.empty());

    public CopyScope {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        platforms = platforms == null ? Optional.empty() : platforms;
    }

    public boolean copies(ArtifactKind kind) {
        return kinds.contains(kind);
    }

    /** True when telling an image from a chart or another artifact matters (then the planner reads the manifest). */
    public boolean needsManifestKind() {
        return kinds.size() < ArtifactKind.values().length;
    }
}
