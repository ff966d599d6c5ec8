package io.meridian.sync.p2p;

/**
 * How a preheat ended. {@code PREHEAT_UNVERIFIED}: the engine said it succeeded but nothing shows the image cached
 * on a peer (Dragonfly's "SUCCESS that still pulls from the origin"), or the engine has no way to tell (Kraken's
 * push notification).
 */
public enum PreheatState {
    SUCCESS, PREHEAT_UNVERIFIED, FAILURE;

    /** The worse of two states: FAILURE over PREHEAT_UNVERIFIED over SUCCESS. */
    public PreheatState worse(PreheatState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
