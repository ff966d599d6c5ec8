package io.meridian.bench.runner;

/** A timed copy: wall seconds of the measured part and a short note for the report. */
public record Outcome(double seconds, String note) {

    public static Outcome timed(long startNanos, String note) {
        return new Outcome((System.nanoTime() - startNanos) / 1e9, note);
    }
}
