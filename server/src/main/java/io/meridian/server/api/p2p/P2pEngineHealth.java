package io.meridian.server.api.p2p;

/**
 * {@code GET /api/v1/p2p-engines/{name}/health}: the engine's health endpoint asked now (Dragonfly manager
 * {@code GET /healthy}, Kraken proxy {@code GET /health}).
 */
public record P2pEngineHealth(String name, String kind, String endpoint, boolean healthy, long latencyMillis) {
}
