package io.meridian.sync.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SARIF 2.1.0 logs as Trivy and Grype write them, read into counts per severity band. */
class SarifReportTest {

    static byte[] resource(String name) {
        try (InputStream in = SarifReportTest.class.getResourceAsStream("/sarif/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource /sarif/" + name, e);
        }
    }

    @Test
    void countsTrivyResultsByTheirRulesSecuritySeverity() {
        VulnerabilityReport report = SarifReport.read(resource("trivy-critical.sarif.json"), "t");
        // two packages hit by CVE-2023-38545 (9.8), glibc 7.8, gcc 4.8
        assertThat(report.counts()).isEqualTo(Map.of(Severity.CRITICAL, 2, Severity.HIGH, 1, Severity.MEDIUM, 1));
        assertThat(report.highest()).isEqualTo(Severity.CRITICAL);
        assertThat(report.describeCounts()).isEqualTo("critical 2, high 1, medium 1, low 0");
    }

    @Test
    void aCleanScanIsAReportWithNothingInIt() {
        VulnerabilityReport report = SarifReport.read(resource("trivy-clean.sarif.json"), "t");
        assertThat(report.counts()).isEmpty();
        assertThat(report.highest()).isEqualTo(Severity.NONE);
    }

    @Test
    void withoutSecuritySeverityTheResultLevelDecides() {
        VulnerabilityReport report = SarifReport.read(resource("grype-levels-only.sarif.json"), "g");
        assertThat(report.counts()).isEqualTo(Map.of(Severity.HIGH, 1, Severity.LOW, 1));
    }

    @Test
    void aResultsOwnScoreWinsOverItsRuleAndAMissingLevelIsAWarning() {
        String sarif = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[
                  {"id":"A","properties":{"security-severity":"9.1"}},{"id":"B","defaultConfiguration":{"level":"note"}}]}},
                 "results":[{"ruleId":"A","properties":{"security-severity":"3.1"}},{"ruleId":"B"},{"ruleId":"C"},
                            {"ruleId":"A","ruleIndex":1}]}]}""";
        VulnerabilityReport report = SarifReport.read(sarif.getBytes(StandardCharsets.UTF_8), "x");
        // A's own 3.1 → low; B → its rule's note → low; C (no rule, no level) → warning → medium;
        // ruleIndex 1 names B, not A: the id wins → A's rule 9.1 → critical
        assertThat(report.counts()).isEqualTo(Map.of(Severity.LOW, 2, Severity.MEDIUM, 1, Severity.CRITICAL, 1));
    }

    @Test
    void refusesWhatIsNoSarif210Log() {
        assertThatThrownBy(() -> SarifReport.read("{\"version\":\"2.0.0\",\"runs\":[]}".getBytes(StandardCharsets.UTF_8), "x"))
                .hasMessageContaining("not a SARIF 2.1.0 log");
        assertThatThrownBy(() -> SarifReport.read("<xml/>".getBytes(StandardCharsets.UTF_8), "x"))
                .hasMessageStartingWith("not JSON");
    }

    @Test
    void cvssScoresFallIntoTheirBands() {
        assertThat(Severity.ofCvss(0.0)).isEqualTo(Severity.NONE);
        assertThat(Severity.ofCvss(0.1)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofCvss(3.9)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofCvss(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofCvss(6.9)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofCvss(7.0)).isEqualTo(Severity.HIGH);
        assertThat(Severity.ofCvss(8.9)).isEqualTo(Severity.HIGH);
        assertThat(Severity.ofCvss(9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.ofCvss(10.0)).isEqualTo(Severity.CRITICAL);
    }
}
