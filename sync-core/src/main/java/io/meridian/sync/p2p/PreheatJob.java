package io.meridian.sync.p2p;

/**
 * One engine job of a preheat: one platform of a Dragonfly preheat, or one Kraken call.
 *
 * @param id                 the engine's job id (Dragonfly job id; Kraken: "notification" / "prefetch")
 * @param platform           "linux/arm64", or null for a single-platform manifest
 * @param layers             layers the engine expects for the platform (-1: unknown)
 * @param layersCached       of those, how many at least one peer holds (-1: unknown)
 * @param peersWithAllLayers peers holding every expected layer (-1: unknown)
 * @param error              why it failed or is unverified, or null
 */
public record PreheatJob(String id, String platform, PreheatState state, int layers, int layersCached,
                         int peersWithAllLayers, String error) {
}
