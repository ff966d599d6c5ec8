package io.meridian.sync.p2p;

/**
 * Which peers Dragonfly warms (manager/types/job.go: {@code SingleSeedPeerScope}, {@code AllSeedPeersScope},
 * {@code AllPeersScope}); Dragonfly's default is {@code single_seed_peer}.
 */
public enum PreheatScope {
    SINGLE_SEED_PEER("single_seed_peer"), ALL_SEED_PEERS("all_seed_peers"), ALL_PEERS("all_peers");

    private final String wire;

    PreheatScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when only seed peers are warmed (get_image_distribution does not list seed peers). */
    public boolean seedPeersOnly() {
        return this != ALL_PEERS;
    }

    public static PreheatScope parse(String s) {
        for (PreheatScope p : values()) {
            if (p.wire.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("scope must be one of single_seed_peer, all_seed_peers, all_peers, got '"
                + s + "'");
    }
}
