package io.meridian.server.api.regions;

/** The figures of one directed link: {@code {"latencyMs":35,"bandwidthMbps":2000,"costPerGb":0.08}}. */
public record LinkBody(Double latencyMs, Double bandwidthMbps, Double costPerGb) {
}
