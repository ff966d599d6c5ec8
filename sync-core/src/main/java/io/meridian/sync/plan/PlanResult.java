package io.meridian.sync.plan;

/**
 * Counts of one planning pass (for the log and tests; the tasks table is the record).
 *
 * @param stopped the pass ended early because a stop was requested: the counts are partial
 */
public record PlanResult(int repositories, int tags, int pending, int skipped, int conflicts, int failed,
                         boolean stopped) {
}
