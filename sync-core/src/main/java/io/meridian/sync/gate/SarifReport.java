package io.meridian.sync.gate;

import java.util.EnumMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a SARIF 2.1.0 log as Trivy ({@code --format sarif}) and Grype ({@code -o sarif}) write it: one run per
 * scan, one result per (vulnerability, package), the rule of each result carrying
 * {@code properties["security-severity"]} (a CVSS score as text, the convention GitHub code scanning reads). A
 * result's severity is, first found: its own {@code properties["security-severity"]}, its rule's, its
 * {@code level}, its rule's {@code defaultConfiguration.level}, else {@code warning} (SARIF's default level).
 */
final class SarifReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SarifReport() {
    }

    /** @throws IllegalArgumentException when the bytes are not a SARIF 2.1.0 log */
    static VulnerabilityReport read(byte[] bytes, String source) {
        JsonNode log;
        try {
            log = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (log == null || !"2.1.0".equals(log.path("version").asString(null)) || !log.path("runs").isArray()) {
            throw new IllegalArgumentException("not a SARIF 2.1.0 log (version \"2.1.0\" and runs[] required)");
        }
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (JsonNode run : log.path("runs")) {
            JsonNode rules = run.path("tool").path("driver").path("rules");
            for (JsonNode result : run.path("results")) {
                counts.merge(severity(result, rule(rules, result)), 1, Integer::sum);
            }
        }
        return new VulnerabilityReport(counts, source);
    }

    /** The result's rule: by {@code ruleIndex} when it is given and agrees with {@code ruleId}, else by id. */
    private static JsonNode rule(JsonNode rules, JsonNode result) {
        String id = result.path("ruleId").asString(null);
        JsonNode byIndex = result.has("ruleIndex") ? rules.path(result.path("ruleIndex").asInt(-1)) : null;
        if (byIndex != null && !byIndex.isMissingNode() && (id == null || id.equals(byIndex.path("id").asString(null)))) {
            return byIndex;
        }
        for (JsonNode rule : rules) {
            if (id != null && id.equals(rule.path("id").asString(null))) {
                return rule;
            }
        }
        return null;
    }

    private static Severity severity(JsonNode result, JsonNode rule) {
        Double score = score(result);
        if (score == null && rule != null) {
            score = score(rule);
        }
        if (score != null) {
            return Severity.ofCvss(score);
        }
        String level = result.path("level").asString(null);
        if (level == null && rule != null) {
            level = rule.path("defaultConfiguration").path("level").asString(null);
        }
        return Severity.ofSarifLevel(level);
    }

    /** {@code properties["security-severity"]}: text by convention, a number accepted; unparsable counts as absent. */
    private static Double score(JsonNode node) {
        JsonNode value = node.path("properties").path("security-severity");
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isString()) {
            try {
                double d = Double.parseDouble(value.asString().strip());
                return d >= 0 && d <= 10 ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
