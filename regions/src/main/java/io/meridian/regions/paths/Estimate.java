package io.meridian.regions.paths;

/**
 * What is known of one endpoint from this node: measured round-trip time and throughput (null until sampled), the
 * share of recent attempts that failed, and how many samples back it.
 */
public record Estimate(Double rttMs, Double throughputMBps, double errorRate, long samples) {

    public static final Estimate NONE = new Estimate(null, null, 0, 0);

    public Estimate {
        if (rttMs != null && !(rttMs >= 0)) {
            throw new IllegalArgumentException("rttMs must be >= 0, was " + rttMs);
        }
        if (throughputMBps != null && !(throughputMBps > 0)) {
            throw new IllegalArgumentException("throughputMBps must be > 0, was " + throughputMBps);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be in [0, 1], was " + errorRate);
        }
    }
}
