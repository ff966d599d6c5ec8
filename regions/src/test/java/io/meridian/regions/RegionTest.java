package io.meridian.regions;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionTest {

    @Test
    void acceptsTheIssueExample() {
        Region region = new Region("cn-hangzhou", "China (Hangzhou)", "CN");
        assertThat(region.name()).isEqualTo("cn-hangzhou");
        assertThat(new Region("us-west-1", null, "US-CA").jurisdiction()).isEqualTo("US-CA");
        assertThat(Region.named("a").displayName()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CN-Hangzhou", "-eu", "eu-", "eu_west", "eu west", "eu.west"})
    void refusesNamesThatAreNotLowercaseLabels(String name) {
        assertThatThrownBy(() -> Region.named(name))
                .isInstanceOfSatisfying(InvalidDefinitionException.class,
                        e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("name"));
    }

    @Test
    void refusesOverlongNames() {
        assertThatThrownBy(() -> Region.named("a".repeat(64))).hasMessageContaining("name: must be at most 63");
        assertThat(Region.named("a".repeat(63)).name()).hasSize(63);
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> new Region("Bad Name", " ", "china"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.violations()).extracting(FieldViolation::field)
                            .containsExactly("name", "displayName", "jurisdiction");
                    assertThat(e.getMessage()).contains("ISO 3166").contains("\"china\"");
                });
    }
}
