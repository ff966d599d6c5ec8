package io.meridian.sync.transfer;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.select.PlatformFilter;
import java.util.function.Predicate;

/**
 * How one planned manifest is copied under the policy's {@code platforms}: the bytes to put (the source's, or the
 * rewritten index) and which of its children to copy. Only the planned artifact itself is filtered, never a
 * referrer or a child.
 *
 * @param rewritten true when {@code manifest} is a new index (platforms.mode rewrite), not the source's bytes
 * @param sparse    true when the source's index is put with some of its children left out (platforms.mode sparse)
 */
record IndexScope(ManifestBytes manifest, Predicate<Descriptor> children, boolean rewritten, boolean sparse) {

    static IndexScope whole(ManifestBytes manifest) {
        return new IndexScope(manifest, d -> true, false, false);
    }

    static IndexScope of(CopyScope scope, ManifestBytes source) {
        if (scope.platforms().isEmpty() || !source.mediaType().isIndex()
                || !(source.parse() instanceof Manifest.ImageIndex index)) {
            return whole(source);
        }
        PlatformFilter filter = scope.platforms().get();
        if (filter.selectsAll(index)) {
            return whole(source);
        }
        if (filter.mode() == PlatformFilter.Mode.REWRITE) {
            return new IndexScope(filter.rewrite(source), d -> true, true, false);
        }
        return new IndexScope(source, filter::selects, false, true);
    }

    /**
     * A sparse index a destination refused because children are absent (distribution 2.8 checks them:
     * MANIFEST_BLOB_UNKNOWN): the same error, its message saying why the children are absent.
     */
    RuntimeException explain(RuntimeException e) {
        if (sparse && e instanceof RegistryException r
                && r.errorCode().filter(c -> c == OciErrorCode.MANIFEST_BLOB_UNKNOWN).isPresent()) {
            return new PermanentRegistryException("platforms sparse: the destination refuses index " + manifest.digest()
                    + " because the children of the platforms not included are absent (use platforms.mode rewrite for"
                    + " such a registry): " + e.getMessage(), r.status(), OciErrorCode.MANIFEST_BLOB_UNKNOWN, e);
        }
        return e;
    }
}
