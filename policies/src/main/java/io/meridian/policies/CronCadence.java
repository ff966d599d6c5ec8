package io.meridian.policies;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * How often a Quartz cron expression fires at its most frequent: the shortest gap between two
 * consecutive firings over the next {@value #FIRINGS} firings (UTC, as the scheduler runs them).
 * Every firing day of a cron expression has the same times of day, so the day's tightest gap
 * shows up within its first firings, and a day that fires {@value #FIRINGS} times is dense anyway.
 */
final class CronCadence {

    static final int FIRINGS = 1000;

    private CronCadence() {
    }

    /**
     * @return the shortest gap, stopping early at the first gap below {@code floor}; null when the
     *         expression fires at most once
     * @throws ParseException when the expression does not parse
     */
    static Duration shortestGap(String cron, Instant from, Duration floor) throws ParseException {
        CronExpression expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
        Date previous = expression.getNextValidTimeAfter(Date.from(from));
        Duration shortest = null;
        for (int i = 0; previous != null && i < FIRINGS; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.ofMillis(next.getTime() - previous.getTime());
            if (shortest == null || gap.compareTo(shortest) < 0) {
                shortest = gap;
                if (shortest.compareTo(floor) < 0) {
                    break;
                }
            }
            previous = next;
        }
        return shortest;
    }
}
