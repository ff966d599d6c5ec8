package io.meridian.sync.p2p;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One region's P2P engine as the replication job needs it (token decrypted). {@code toString()} never shows the
 * token.
 *
 * @param url                 Dragonfly manager or Kraken proxy base URL
 * @param token               Dragonfly personal access token (scope {@code job}); null for Kraken
 * @param schedulerClusterIds Dragonfly scheduler clusters a job is sent to (always sent, so a job does not hit every
 *                            cluster); empty for Kraken
 * @param nodes               how many nodes pull in the region (the distribution-time estimate)
 * @param platforms           the platforms the region's nodes run ("linux/arm64"); empty means every child of an index
 */
public record EngineSpec(String name, String region, EngineKind kind, URI url, String token,
                         List<Long> schedulerClusterIds, PreheatScope scope, int nodes, List<String> platforms) {

    public EngineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        schedulerClusterIds = schedulerClusterIds == null ? List.of() : List.copyOf(schedulerClusterIds);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        scope = scope == null ? PreheatScope.SINGLE_SEED_PEER : scope;
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("url must be http(s)://host[:port], got '" + url + "'");
        }
        if (kind == EngineKind.DRAGONFLY && schedulerClusterIds.isEmpty()) {
            throw new IllegalArgumentException("schedulerClusterIds must name at least one Dragonfly scheduler cluster");
        }
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must be >= 0, got " + nodes);
        }
    }

    /** Base URL without a trailing slash, so {@code base() + "/oapi/v1/jobs"} is well-formed. */
    public String base() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "EngineSpec[" + name + ", " + kind.wire() + ", " + url + ", token=" + (token == null ? "none" : "***")
                + ", schedulerClusterIds=" + schedulerClusterIds + ", scope=" + scope.wire() + "]";
    }
}
