package io.meridian.regions;

/**
 * What "shortest" means when choosing a path: each link gets a non-negative weight and the path
 * of least total weight wins.
 */
@FunctionalInterface
public interface Weighting {

    double weight(Link link);

    /** Fewest milliseconds of latency: for small artifacts, where round trips dominate. */
    Weighting LATENCY = Link::latencyMs;

    /** Cheapest per byte: for bulk that is not urgent. */
    Weighting COST = Link::costPerGb;

    /**
     * Estimated time to move {@code bytes} over the link, latency included. Store-and-forward at
     * each relay is assumed, which is what a registry relay does.
     */
    static Weighting transferTime(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        return link -> link.latencyMs() + bytes * 8.0 / (link.bandwidthMbps() * 1_000_000.0) * 1000.0;
    }
}
