package io.meridian.sync.paths;

import io.meridian.regions.paths.Estimate;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's passive and active measurements of every registry endpoint ({@code <registry>/<endpoint>}), as
 * exponentially weighted moving averages: RTT from small requests (HEADs, the {@code /v2/} probe), throughput from
 * blob bodies of at least {@value #THROUGHPUT_MIN_BYTES} bytes (bytes ÷ time of the whole upload attempt), and the
 * share of failed attempts. Kept in memory; the server persists a {@link #snapshot()} every minute and
 * {@link #restore restores} it at start. Only registries with more than one endpoint are measured, so a registry
 * with its single url costs nothing here.
 */
public final class PathEstimates {

    /** Bodies smaller than this say more about latency than bandwidth: not a throughput sample. */
    public static final long THROUGHPUT_MIN_BYTES = 1L << 20;
    /** Weight of a new sample: the last ~5 samples dominate, so a path that changes is followed within a wave. */
    static final double ALPHA = 0.3;

    /** One endpoint's figures at one moment. */
    public record Snapshot(Double rttMs, Double throughputMBps, double errorRate, long samples, Instant lastProbeAt) {
        public Estimate estimate() {
            return new Estimate(rttMs, throughputMBps, errorRate, samples);
        }
    }

    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    /** The meter of {@code registry/endpoint}, created on first use. */
    public Meter meter(String registry, String endpoint) {
        return meters.computeIfAbsent(key(registry, endpoint), k -> new Meter());
    }

    public static String key(String registry, String endpoint) {
        return Objects.requireNonNull(registry, "registry") + "/" + Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Every endpoint measured so far, by key, sorted. */
    public Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        meters.forEach((k, m) -> out.put(k, m.snapshot()));
        return out;
    }

    /** Starts from persisted figures (after a restart) unless this node measured the endpoint already. */
    public void restore(String key, Snapshot persisted) {
        meters.computeIfAbsent(key, k -> new Meter(persisted));
    }

    /** Round trips the ranking's RTT is the lowest of (see {@link Meter#estimate()}). */
    static final int RTT_WINDOW = 16;

    /** The running figures of one endpoint; thread-safe, a few arithmetic operations per sample. */
    public static final class Meter {
        private final double[] recentRtts = new double[RTT_WINDOW];
        private int rttCount;
        private Double rttMs;
        private Double throughputMBps;
        private double errorRate;
        private long samples;
        private Instant lastProbeAt;

        Meter() {
        }

        Meter(Snapshot s) {
            rttMs = s.rttMs();
            throughputMBps = s.throughputMBps();
            errorRate = s.errorRate();
            samples = s.samples();
            lastProbeAt = s.lastProbeAt();
        }

        /** A small request's round trip (a HEAD, {@code GET /v2/}, an upload's first response). */
        public synchronized void rtt(long nanos) {
            double ms = nanos / 1e6;
            rttMs = rttMs == null ? ms : rttMs + ALPHA * (ms - rttMs);
            recentRtts[rttCount % RTT_WINDOW] = ms;
            rttCount = rttCount < 2 * RTT_WINDOW ? rttCount + 1 : RTT_WINDOW + (rttCount + 1) % RTT_WINDOW;
            samples++;
        }

        /** A blob body moved in {@code nanos}; only bodies of at least 1 MiB count as a throughput sample. */
        public synchronized void body(long bytes, long nanos) {
            if (bytes < THROUGHPUT_MIN_BYTES || nanos <= 0) {
                return;
            }
            double mbps = bytes / 1e6 / (nanos / 1e9);
            throughputMBps = throughputMBps == null ? mbps : throughputMBps + ALPHA * (mbps - throughputMBps);
            samples++;
        }

        /**
         * A whole upload (or download) of {@code bytes} in {@code nanos} over {@code requests} round trips: the
         * requests' share (at the measured RTT) is taken off, so that throughput means the body's rate, as in the
         * ranking's formula; at least a fifth of the time is kept as body time.
         */
        public void transfer(long bytes, long nanos, int requests) {
            Double rtt;
            synchronized (this) {
                rtt = rttMs;
            }
            long latency = rtt == null ? 0 : (long) (requests * rtt * 1e6);
            body(bytes, Math.max(nanos - latency, nanos / 5));
        }

        /** One attempt's outcome: the error rate is the moving share of failed attempts. */
        public synchronized void outcome(boolean ok) {
            errorRate = errorRate + ALPHA * ((ok ? 0 : 1) - errorRate);
        }

        public synchronized void probed(Instant at) {
            lastProbeAt = at;
        }

        /**
         * The figures the ranking uses: as {@link #snapshot()}, but the RTT is the lowest of the last
         * {@value #RTT_WINDOW} round trips (the EWMA until this node sampled any): a path's own delay, which the
         * requests this node has in flight, its CPU and the registry's queue only add to — those weigh on every
         * endpoint alike, yet only the endpoint carrying the work would be sampled under them.
         */
        public synchronized Estimate estimate() {
            Double rtt = rttMs;
            int n = Math.min(rttCount, RTT_WINDOW);
            if (n > 0) {
                double min = recentRtts[0];
                for (int i = 1; i < n; i++) {
                    min = Math.min(min, recentRtts[i]);
                }
                rtt = min;
            }
            return new Estimate(rtt, throughputMBps, errorRate, samples);
        }

        public synchronized Snapshot snapshot() {
            return new Snapshot(rttMs, throughputMBps, errorRate, samples, lastProbeAt);
        }
    }
}
