package io.meridian.sync.p2p;

/** Hands one copied artifact to a region's P2P engine and reports what really got warmed. Thread-safe. */
public interface Preheater {

    EngineSpec engine();

    /** Submits, follows and verifies; never throws for engine failures (they are in the result). */
    PreheatResult preheat(PreheatTarget target);

    /** The engine's health endpoint answered 200 (Dragonfly {@code GET /healthy}, Kraken {@code GET /health}). */
    boolean healthy();
}
