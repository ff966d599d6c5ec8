package io.meridian.sync.plan;

/** Counts of one planning pass (for the log and tests; the tasks table is the record). */
public record PlanResult(int repositories, int tags, int pending, int skipped, int conflicts, int failed) {
}
