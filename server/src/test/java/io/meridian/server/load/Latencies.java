package io.meridian.server.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Answer times of one kind of request, in milliseconds; percentiles by the nearest-rank method. */
final class Latencies {

    private final String name;
    private final List<Double> millis = new ArrayList<>();

    Latencies(String name) {
        this.name = name;
    }

    synchronized void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    synchronized int count() {
        return millis.size();
    }

    synchronized void addAll(Latencies other) {
        millis.addAll(other.snapshot());
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds. */
    synchronized double percentile(double p) {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no " + name + " requests were timed");
        }
        List<Double> sorted = snapshot();
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "%s: n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms", name, count(),
                percentile(50), percentile(95), percentile(99), percentile(100));
    }

    private synchronized List<Double> snapshot() {
        return new ArrayList<>(millis);
    }
}
