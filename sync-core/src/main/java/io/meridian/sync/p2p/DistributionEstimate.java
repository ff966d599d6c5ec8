package io.meridian.sync.p2p;

/**
 * How long {@code nodes} nodes of a region need to pull {@code bytes}: from the origin alone, every node's copy
 * crosses the origin's link ({@code bytes × nodes ÷ originBandwidth}); with a P2P swarm the origin sends about one
 * copy per seed peer and the peers exchange the rest, a copy doubling the holders each round
 * ({@code bytes × seeds ÷ originBandwidth + bytes ÷ peerBandwidth × log2(nodes)}). Assumptions (docs/P2P.md): the
 * origin's and each peer's link are the bottlenecks and are used fully, no protocol overhead, pieces pipelined so a
 * round costs one copy time, no node already holds a layer.
 *
 * @param originBitsPerSecond the origin registry's egress
 * @param peerBitsPerSecond   one peer's link
 */
public record DistributionEstimate(long bytes, int nodes, int seeds, double originBitsPerSecond,
                                   double peerBitsPerSecond) {

    public DistributionEstimate {
        if (bytes < 0 || nodes < 1 || seeds < 1 || !(originBitsPerSecond > 0) || !(peerBitsPerSecond > 0)) {
            throw new IllegalArgumentException("estimate needs bytes >= 0, nodes >= 1, seeds >= 1 and positive"
                    + " bandwidths, got " + bytes + ", " + nodes + ", " + seeds + ", " + originBitsPerSecond + ", "
                    + peerBitsPerSecond);
        }
    }

    /** {@code bytes × nodes ÷ originBandwidth}, in seconds. */
    public double originOnlySeconds() {
        return bits() * nodes / originBitsPerSecond;
    }

    /** {@code bytes × seeds ÷ originBandwidth + bytes ÷ peerBandwidth × log2(nodes)}, in seconds. */
    public double p2pSeconds() {
        return bits() * seeds / originBitsPerSecond + bits() / peerBitsPerSecond * (Math.log(nodes) / Math.log(2));
    }

    /** How much of the origin-only time P2P saves, 0–100 (negative when P2P is slower, e.g. a single node). */
    public double savedPercent() {
        double origin = originOnlySeconds();
        return origin == 0 ? 0 : 100 * (origin - p2pSeconds()) / origin;
    }

    private double bits() {
        return bytes * 8.0;
    }
}
