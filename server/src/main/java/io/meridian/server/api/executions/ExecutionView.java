package io.meridian.server.api.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code GET /api/v1/executions/{id}}: an execution and its summary.
 *
 * @param policyVersion the policy version the execution ran ({@code GET /api/v1/policies/{policy}/versions/{n}});
 *                      absent for executions older than versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(String id, String policy, Integer policyVersion, String status, String trigger, OffsetDateTime createdAt,
                            OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMillis, Summary summary,
                            String error, List<RegionDistribution> distribution) {

    /**
     * Per destination region: the bytes written there, the origin-only distribution estimate
     * {@code bytes × nodes ÷ originBandwidth} in seconds (absent without the region's {@code nodes} and
     * {@code originBandwidthMbps}) and the measured replication time in seconds. Where the region has a P2P engine
     * (issue 12) and the origin-only estimate exists: the engine ({@code p2pEngine}), the P2P estimate for the same
     * bytes, nodes and origin bandwidth ({@code p2pEstimateSeconds}, one seed, 10 Gbit/s per peer — the defaults of
     * {@code GET /executions/{id}/p2p-estimate}, which takes others) and what it saves ({@code p2pSavedPercent});
     * {@code preheatSeconds}: the longest preheat measured there, when one ran. New fields are absent, never null.
     */
    public record RegionDistribution(String region, long bytes, Integer nodes, Double originBandwidthMbps,
                                     Double originOnlySeconds, Double replicationSeconds,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) String p2pEngine,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Double p2pEstimateSeconds,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Double p2pSavedPercent,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Double preheatSeconds) {
    }

    /** @param preheat the preheats of the copied artifacts by outcome; absent when none was asked */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(Artifacts artifacts, Blobs blobs, Bytes bytes, Preheats preheat) {
    }

    /**
     * Preheat outcomes (issue 12): a problem here never fails the execution, it is counted. {@code unverified}: the
     * engine said done but nothing showed the image cached (or the engine cannot tell).
     */
    public record Preheats(long succeeded, long unverified, long failed) {
    }

    /**
     * Counted per (artifact, destination) task; conflicts are tags left alone because override is false; deleted are
     * destination tags removed in mirror mode ({@code "deletes": true}).
     */
    public record Artifacts(long total, long copied, long skipped, long failed, long conflicts, long deleted) {
    }

    public record Blobs(long copied, long mounted, long skipped) {
    }

    /** {@code byEndpoint}: bytes written per destination endpoint ({@code <registry>/<endpoint>}, docs/PATHS.md). */
    public record Bytes(long read, long written, List<RegistryBytes> byRegistry, List<EndpointBytes> byEndpoint) {
    }

    public record EndpointBytes(String endpoint, long written) {
    }

    public record RegistryBytes(String registry, long read, long written) {
    }
}
