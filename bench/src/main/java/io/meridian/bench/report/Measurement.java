package io.meridian.bench.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One measured (or failed, or skipped) run.
 *
 * @param scenario  e.g. {@code lan-full}
 * @param setting   the varied parameter, e.g. {@code rtt=100ms} or {@code tags=500} ("" when none)
 * @param runner    e.g. {@code skopeo×8}, {@code meridian}, {@code upload×32}
 * @param run       1-based repetition
 * @param seconds   wall time of the measured part (NaN when not measured)
 * @param status    {@code ok}, {@code failed} or {@code not-measured}
 * @param metrics   extra figures (bytes read from the source, peak RSS, HEAD/s …)
 * @param note      free text: sizes, errors, the server's summary
 */
public record Measurement(String scenario, String setting, String runner, int run, double seconds, String status,
                          Map<String, Double> metrics, String note) {

    public Measurement {
        metrics = new TreeMap<>(metrics);
        note = note == null ? "" : note;
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
