package io.meridian.sync.plan;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.select.PlatformFilter;

/**
 * What a destination should hold for one source artifact under {@code platforms}: the source digest (no platforms,
 * not an index, every child selected, or sparse), or the digest of the rewritten index. The source manifest is read
 * only for an index when the policy has platforms.
 *
 * @param nothingSelected an index none of whose children the policy selects: nothing of it is copied
 * @param warning         for sparse: the index is put with children absent, which distribution 2.8 refuses
 */
record IndexTarget(Digest digest, boolean rewritten, boolean nothingSelected, String warning) {

    static IndexTarget of(CopyScope scope, SourceFacts source) {
        Digest digest = source.descriptor().digest();
        if (scope.platforms().isEmpty() || !source.descriptor().mediaType().isIndex()) {
            return new IndexTarget(digest, false, false, null);
        }
        PlatformFilter filter = scope.platforms().get();
        ManifestBytes bytes = source.manifest();
        if (!(bytes.parse() instanceof Manifest.ImageIndex index)) {
            return new IndexTarget(digest, false, false, null);
        }
        int selected = filter.children(index).size();
        if (selected == 0) {
            return new IndexTarget(digest, false, true, null);
        }
        if (selected == index.manifests().size()) {
            return new IndexTarget(digest, false, false, null);
        }
        if (filter.mode() == PlatformFilter.Mode.REWRITE) {
            return new IndexTarget(filter.rewrite(bytes).digest(), true, false, null);
        }
        return new IndexTarget(digest, false, false, "sparse: the index keeps all " + index.manifests().size()
                + " children but only " + selected + " are copied; a registry that checks an index's children"
                + " (distribution 2.8 does) refuses it and the task fails");
    }
}
