package io.meridian.sync.gate;

import java.util.Locale;

/**
 * The severity bands of the scan gate, ascending. CVSS scores map to bands as CVSS v3 rates them
 * (0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical); SARIF levels as Trivy
 * writes them (error for CRITICAL/HIGH → high, warning → medium, note → low, none → none).
 */
public enum Severity {
    NONE, LOW, MEDIUM, HIGH, CRITICAL;

    /** {@code none}, {@code low}, … as policies spell it. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Severity parse(String value) {
        for (Severity s : values()) {
            if (s.json().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be one of none, low, medium, high, critical, was " + value);
    }

    /** A CVSS base score (0–10) as its band. */
    public static Severity ofCvss(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0.0 ? LOW : NONE;
    }

    /** A SARIF result level ({@code error}, {@code warning}, {@code note}, {@code none}); absent means warning (SARIF §3.27.10). */
    public static Severity ofSarifLevel(String level) {
        if (level == null) {
            return MEDIUM;
        }
        return switch (level) {
            case "error" -> HIGH;
            case "note" -> LOW;
            case "none" -> NONE;
            default -> MEDIUM;
        };
    }

    /**
     * Harbor's severities ({@code src/pkg/scan/vuln/severity.go}): None, Unknown, Negligible, Low, Medium, High,
     * Critical. Unknown and Negligible count as low (a finding, not nothing); anything unrecognised as critical, the
     * safe side Harbor itself takes ({@code Severity.Code} gives it the highest code).
     */
    public static Severity ofHarbor(String severity) {
        return switch (severity == null ? "" : severity) {
            case "None" -> NONE;
            case "Unknown", "Negligible", "Low" -> LOW;
            case "Medium" -> MEDIUM;
            case "High" -> HIGH;
            default -> CRITICAL;
        };
    }
}
