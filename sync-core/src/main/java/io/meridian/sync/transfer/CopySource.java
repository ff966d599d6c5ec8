package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.FallbackTag;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.select.CopyScope;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The source side of one {@link ArtifactCopier} copy: where it reads, the partition's tag list when there is one,
 * the policy's bandwidth cap, what of the artifact the policy copies, and the lease asked before each tag PUT.
 */
record CopySource(GuardedRegistry registry, RepositoryName repo, Set<String> tags, BandwidthLimiter limiter,
                  CopyScope scope, LeaseCheck lease) {

    CopySource {
        lease = lease == null ? LeaseCheck.NONE : lease;
    }

    private static final Pattern FALLBACK_TAG = Pattern.compile("sha256-[0-9a-f]{64}");

    boolean hasTag(String tag) {
        return tags != null ? tags.contains(tag) : registry.headManifest(repo, Reference.tag(tag)).isPresent();
    }

    /** The partition's tag list, when there is one, tells whether a fallback tag exists without asking. */
    FallbackTag fallbackTag(String tag) {
        if (tags == null) {
            return FallbackTag.UNKNOWN;
        }
        return tags.contains(tag) ? FallbackTag.LISTED : FallbackTag.NOT_LISTED;
    }

    /** The subject of a referrers fallback tag {@code sha256-<64 hex>}; empty for any other reference. */
    static Optional<Digest> fallbackSubject(Reference reference) {
        if (reference instanceof Reference.Tag tag && FALLBACK_TAG.matcher(tag.value()).matches()) {
            return Optional.of(Digest.parse("sha256:" + tag.value().substring("sha256-".length())));
        }
        return Optional.empty();
    }
}
