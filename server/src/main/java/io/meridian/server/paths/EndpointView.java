package io.meridian.server.paths;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/registries/{name}/endpoints}: one endpoint as this node sees it: where it is, what it measured
 * (null until sampled), its circuit breaker and whether this node may use it ({@code why} says why not).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointView(String name, String url, String kind, List<String> reachableFrom, String proxy,
                           Double rttMs, Double throughputMBps, double errorRate, long samples, Instant lastProbeAt,
                           String breaker, boolean usable, @JsonInclude(JsonInclude.Include.NON_NULL) String why) {
}
