package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.select.PlatformFilter;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many bytes copying one artifact moves at most, for a preview: its manifest plus everything it references (for
 * an index, the children the policy's platforms select, each with its blobs). Blobs the destination already holds are
 * not subtracted: the figure is an upper bound. Reads manifests (GETs) at the source, never a blob; remembers each
 * manifest's total, so an artifact planned for several destinations is read once.
 */
public final class ArtifactBytes {

    private final GuardedRegistry source;
    private final CopyScope scope;
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    public ArtifactBytes(GuardedRegistry source, CopyScope scope) {
        this.source = source;
        this.scope = scope;
    }

    /** The bytes of {@code digest} in {@code repository} with what it references. */
    public long of(RepositoryName repository, Digest digest) {
        return known.computeIfAbsent(repository.value() + "@" + digest, k -> total(repository, digest, true, 0));
    }

    /** @param nesting indexes above this one: past {@link ArtifactCopier#MAX_INDEX_NESTING} the copy refuses it */
    private long total(RepositoryName repository, Digest digest, boolean planned, int nesting) {
        ManifestBytes manifest = source.getManifest(repository, Reference.digest(digest));
        Manifest parsed = manifest.parse();
        if (parsed instanceof Manifest.ImageIndex index) {
            PlatformFilter filter = planned ? scope.platforms().orElse(null) : null;
            ManifestBytes put = filter == null ? manifest : filter.mode() == PlatformFilter.Mode.REWRITE
                    ? filter.rewrite(manifest) : manifest;
            long sum = put.size();
            if (nesting >= ArtifactCopier.MAX_INDEX_NESTING) {
                return sum; // a hostile chain of indexes: not followed further, as the copy will not either
            }
            for (Descriptor child : index.manifests()) {
                if (filter == null || filter.selects(child)) {
                    sum += total(repository, child.digest(), false, nesting + 1);
                }
            }
            return sum;
        }
        long sum = manifest.size();
        for (Descriptor blob : parsed.references()) {
            sum += blob.size();
        }
        return sum;
    }
}
