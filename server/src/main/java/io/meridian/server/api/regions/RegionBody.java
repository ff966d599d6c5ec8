package io.meridian.server.api.regions;

/**
 * The JSON a client sends: {@code {"name":"cn-hangzhou","displayName":"China (Hangzhou)","jurisdiction":"CN"}};
 * optionally {@code "nodes": 800, "originBandwidthMbps": 10000} for the distribution-time model (docs/PATHS.md).
 */
public record RegionBody(String name, String displayName, String jurisdiction, Integer nodes,
                         Double originBandwidthMbps) {
}
