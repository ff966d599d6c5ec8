package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.validation.FieldViolation;
import org.junit.jupiter.api.Test;

/** The scan gate in the policy language: JSON round trip, default, and validation naming each field. */
class GatePolicyTest {

    private static final String BASE = "{\"name\":\"gated\",\"source\":{\"registry\":\"hz\",\"repositories\":[\"**\"]},"
            + "\"destinations\":[{\"registry\":\"ldn\"}]";

    @Test
    void aGateRoundTripsAndBlocksMissingReportsByDefault() {
        Policy policy = StrictJson.readPolicy(BASE + ",\"gate\":{\"maxSeverity\":\"high\"}}");
        assertThat(PolicyValidator.validate(policy)).isEmpty();
        assertThat(policy.gate()).isEqualTo(new Gate("high", "block"));
        assertThat(policy.gate().allowsMissingReport()).isFalse();
        String json = StrictJson.write(policy);
        assertThat(json).contains("\"gate\":{\"maxSeverity\":\"high\",\"onMissingReport\":\"block\"}");
        assertThat(StrictJson.readPolicy(json)).isEqualTo(policy);
        assertThat(policy.withName("other").gate()).isEqualTo(policy.gate());
    }

    @Test
    void aPolicyWithoutAGateWritesNone() {
        Policy policy = StrictJson.readPolicy(BASE + "}");
        assertThat(policy.gate()).isNull();
        assertThat(StrictJson.write(policy)).doesNotContain("\"gate\"");
    }

    @Test
    void refusesUnknownSeveritiesAndModesNamingTheField() {
        Policy bad = StrictJson.readPolicy(BASE + ",\"gate\":{\"maxSeverity\":\"severe\",\"onMissingReport\":\"ignore\"}}");
        assertThat(PolicyValidator.validate(bad)).extracting(FieldViolation::toString).containsExactly(
                "gate.maxSeverity: must be one of none, low, medium, high, critical, was \"severe\"",
                "gate.onMissingReport: must be one of block, allow, was \"ignore\"");
        Policy missing = StrictJson.readPolicy(BASE + ",\"gate\":{\"onMissingReport\":\"allow\"}}");
        assertThat(PolicyValidator.validate(missing)).extracting(FieldViolation::field).containsExactly("gate.maxSeverity");
    }
}
