package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Issue 14's run settings: {@code deletes}, {@code concurrency}, {@code limits}, {@code priority}. */
class PolicyRunSettingsTest {

    private static final String BASE = "{\"name\":\"mirror\",\"source\":{\"registry\":\"hz\",\"repositories\":[\"team/**\"]},"
            + "\"destinations\":[{\"registry\":\"ldn\",\"namespace\":null}]";

    @Test
    void readsAndWritesTheRunSettingsAndLeavesThemOutWhenAbsent() {
        Policy full = StrictJson.readPolicy(BASE + ",\"deletes\":true,\"concurrency\":\"queue\","
                + "\"limits\":{\"bytesPerSecond\":1048576,\"parallelArtifacts\":4},\"priority\":7}");
        assertThat(full.deletes()).isTrue();
        assertThat(full.concurrencyMode()).isEqualTo(Concurrency.QUEUE);
        assertThat(full.limits()).isEqualTo(new Limits(1048576L, 4));
        assertThat(full.priorityOrDefault()).isEqualTo(7);
        assertThat(PolicyValidator.validate(full)).isEmpty();
        assertThat(StrictJson.write(full)).endsWith("\"override\":true,\"trigger\":{\"type\":\"manual\"},\"deletes\":true,"
                + "\"concurrency\":\"queue\",\"limits\":{\"bytesPerSecond\":1048576,\"parallelArtifacts\":4},\"priority\":7}");
        assertThat(StrictJson.readPolicy(StrictJson.write(full))).isEqualTo(full);

        Policy plain = StrictJson.readPolicy(BASE + "}");
        assertThat(plain.deletes()).isFalse();
        assertThat(plain.concurrencyMode()).isEqualTo(Concurrency.SKIP);
        assertThat(plain.priorityOrDefault()).isZero();
        assertThat(StrictJson.write(plain)).doesNotContain("deletes", "concurrency", "limits", "priority");
        assertThat(StrictJson.readPolicy(BASE + ",\"limits\":{\"parallelArtifacts\":2}}").limits())
                .isEqualTo(new Limits(null, 2));
        assertThat(StrictJson.write(StrictJson.readPolicy(BASE + ",\"limits\":{\"parallelArtifacts\":2}}")))
                .contains("\"limits\":{\"parallelArtifacts\":2}");
    }

    @Test
    void reportsEveryRunSettingProblemAtOnceWithItsFieldPath() {
        Policy bad = StrictJson.readPolicy(BASE.replace("\"team/**\"", "\"Team/**\"") + ",\"concurrency\":\"parallel\","
                + "\"limits\":{\"bytesPerSecond\":10,\"parallelArtifacts\":0},\"priority\":5000}");
        List<FieldViolation> violations = PolicyValidator.validate(bad);
        assertThat(violations).extracting(FieldViolation::field).containsExactly("source.repositories[0]", "concurrency",
                "limits.bytesPerSecond", "limits.parallelArtifacts", "priority");
        assertThat(violations).extracting(FieldViolation::message).contains(
                "must be one of skip, queue, was \"parallel\"",
                "must be at least 1024 (leave it out for no cap of the policy's own), was 10",
                "must be between 1 and 1024, was 0",
                "must be between -1000 and 1000, was 5000");
        assertThat(PolicyValidator.validate(StrictJson.readPolicy(BASE + ",\"limits\":{\"parallelArtifacts\":1025}}")))
                .extracting(FieldViolation::toString).containsExactly("limits.parallelArtifacts: must be between 1 and 1024, was 1025");
        Executable evaluate = () -> PolicyEvaluator.of(bad);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidDefinitionException.class, evaluate).violations())
                .hasSize(5);
    }

    @Test
    void refusesWrongJsonTypesNamingTheField() {
        assertThat(field(BASE + ",\"deletes\":\"yes\"}")).isEqualTo("deletes: must be true or false");
        assertThat(field(BASE + ",\"limits\":{\"bytesPerSecond\":\"fast\"}}")).isEqualTo("limits.bytesPerSecond: must be an integer");
        assertThat(field(BASE + ",\"limits\":{\"burst\":1}}")).startsWith("limits.burst: unknown field \"burst\"");
        assertThat(field(BASE + ",\"concurrency\":1}")).isEqualTo("concurrency: must be a string");
    }

    private static String field(String json) {
        InvalidDefinitionException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidDefinitionException.class,
                () -> StrictJson.readPolicy(json));
        return e.violations().get(0).toString();
    }
}
