package io.meridian.server.triggers;

import java.time.Instant;

/**
 * A cron policy's schedule as Quartz holds it.
 *
 * @param cron           the Quartz cron expression (seconds first)
 * @param timeZone       always {@code UTC}
 * @param nextRunAt      the next fire time, null when the expression has no future fire time
 * @param previousRunAt  the last fire time, null before the first
 * @param misfirePolicy  what happens to fire times missed while no node was up
 */
public record ScheduleView(String cron, String timeZone, Instant nextRunAt, Instant previousRunAt, String misfirePolicy) {
}
