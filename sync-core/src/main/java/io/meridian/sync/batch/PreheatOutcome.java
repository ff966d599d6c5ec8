package io.meridian.sync.batch;

import io.meridian.sync.p2p.PreheatResult;
import java.util.List;

/** What the preheat step records on one task: one result per engine of the destination's region. */
record PreheatOutcome(long taskId, List<PreheatResult> results) {
    PreheatOutcome {
        results = List.copyOf(results);
    }
}
