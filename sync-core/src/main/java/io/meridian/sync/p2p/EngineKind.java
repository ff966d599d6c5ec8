package io.meridian.sync.p2p;

import java.util.Locale;

/** The P2P engines Meridian drives; {@link #wire()} is the REST and database spelling. */
public enum EngineKind {
    DRAGONFLY, KRAKEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static EngineKind parse(String s) {
        for (EngineKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of dragonfly, kraken, got '" + s + "'");
    }
}
