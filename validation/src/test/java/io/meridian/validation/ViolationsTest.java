package io.meridian.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViolationsTest {

    @Test
    void throwsEveryViolationAtOnceNamingEachField() {
        Violations violations = new Violations().add("name", "must not be empty");
        Names.check(violations, "region", "Bad Name");

        assertThatThrownBy(() -> violations.throwIfAny("registry"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("name", "region");
                    assertThat(e).hasMessageStartingWith("invalid registry: name: must not be empty; region: must be lowercase");
                });
    }

    @Test
    void throwsNothingWhenClean() {
        Violations violations = new Violations();
        Names.check(violations, "name", "cn-hangzhou");
        violations.throwIfAny("region");
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void refusesAnExceptionWithoutViolations() {
        assertThatThrownBy(() -> new InvalidDefinitionException("region", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidDefinitionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a.b"})
    void refusesNamesThatAreNotLowercaseDnsLabels(String name) {
        assertThat(Names.problem(name)).isNotNull();
    }

    @Test
    void acceptsDnsLabelsUpToSixtyThreeCharacters() {
        assertThat(Names.problem("a".repeat(Names.MAX_LENGTH))).isNull();
        assertThat(Names.problem("a".repeat(Names.MAX_LENGTH + 1))).contains("at most 63");
    }

    @Test
    void echoesInputBoundedAndWithoutControlCharacters() {
        assertThat(Names.printable("a\nb")).isEqualTo("a?b");
        assertThat(Names.printable("x".repeat(200))).hasSize(81);
    }
}
