package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The scan gate of a policy: an artifact is copied only if its vulnerability report shows nothing
 * above {@code maxSeverity}. Where the report comes from (an OCI referrer with artifact type
 * {@code application/sarif+json}, or a Harbor source's scan overview) is the engine's business.
 *
 * @param maxSeverity     the worst severity still copied: {@code none} (no finding at all), {@code low},
 *                        {@code medium}, {@code high} or {@code critical} (everything with a report passes)
 * @param onMissingReport {@code block} (default: no report, no copy) or {@code allow}
 */
@JsonPropertyOrder({"maxSeverity", "onMissingReport"})
public record Gate(String maxSeverity, String onMissingReport) {

    /** Ascending: a report passes when its worst finding is at most {@code maxSeverity}. */
    public static final List<String> SEVERITIES = List.of("none", "low", "medium", "high", "critical");
    public static final List<String> ON_MISSING_REPORT = List.of("block", "allow");

    public Gate {
        onMissingReport = onMissingReport == null ? "block" : onMissingReport;
    }

    /** True when an artifact without any report is copied. */
    public boolean allowsMissingReport() {
        return "allow".equals(onMissingReport);
    }
}
