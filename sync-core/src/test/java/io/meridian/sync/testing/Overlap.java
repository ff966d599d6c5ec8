package io.meridian.sync.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The most intervals open at one instant (an interval ending at t and one starting at t do not overlap). */
public final class Overlap {

    /** A stretch of time in System.nanoTime units. */
    public record Interval(long start, long end) {
        public Interval {
            if (end < start) {
                throw new IllegalArgumentException("interval ends (" + end + ") before it starts (" + start + ")");
            }
        }
    }

    private Overlap() {
    }

    public static int peak(Collection<Interval> intervals) {
        List<long[]> events = new ArrayList<>();
        for (Interval i : intervals) {
            events.add(new long[] {i.start(), 1});
            events.add(new long[] {i.end(), -1});
        }
        return peakOfEvents(events);
    }

    /** The most opened at once over {@code {time, +1 open | -1 close}} events (an open counts until its close). */
    public static int peakOfEvents(List<long[]> events) {
        // at equal times ends come first: touching intervals are not concurrent
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int peak = 0;
        for (long[] e : events) {
            open += (int) e[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
