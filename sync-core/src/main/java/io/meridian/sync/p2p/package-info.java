/**
 * P2P engine adapters: hand the in-region fan-out of a replicated image to the region's Dragonfly or Kraken.
 * Plain Java (no Spring), one small class per engine call like the OCI client ({@code dragonfly/}, {@code kraken/});
 * {@link io.meridian.sync.p2p.P2pEngines} builds the {@link io.meridian.sync.p2p.Preheater} for an
 * {@link io.meridian.sync.p2p.EngineSpec}. Wire names follow the engines' own sources (see docs/P2P.md).
 */
package io.meridian.sync.p2p;
