package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            ">=1.2.0 <2 ; 1.2.0      ; true",
            ">=1.2.0 <2 ; 1.9.9      ; true",
            ">=1.2.0 <2 ; 2.0.0      ; false",
            ">=1.2.0 <2 ; 1.1.9      ; false",
            ">=1.2.0 <2 ; v1.5.0     ; true",
            "~1.4       ; 1.4.7      ; true",
            "~1.4       ; 1.5.0      ; false",
            "^2         ; 2.9.1      ; true",
            "^2         ; 3.0.0      ; false",
            "^2         ; 2.0.0-rc.1 ; false",
            "1.x        ; 1.0.0      ; true",
            "1.x        ; 2.0.0      ; false",
            ">= 1.2     ; 1.3.0      ; true",
            "1.2 - 2.3.4 ; 2.3.4     ; true",
            "1.2 - 2.3.4 ; 2.3.5     ; false",
            "^2 || ~1.4 ; 1.4.2      ; true",
            ">=2.0.0-rc.0 ; 2.0.0-rc.1 ; true",
            "*          ; 0.0.1      ; true",
            "*          ; latest     ; false",
            "^1         ; 1.2        ; false",
            "^1         ; 01.2.3     ; false",
            "^1         ; =1.2.3     ; false",
            "^1         ; V1.2.3     ; false",
            "^0         ; 0.9.9      ; true",
            "^0         ; 1.0.0      ; false",
            "^0.x       ; 2.3.3      ; false",
            "^0.0       ; 0.0.7      ; true",
            "^0.0.x     ; 0.1.0      ; false",
            "^0.1       ; 0.1.5      ; true",
            "^0.1       ; 0.2.0      ; false",
            "x          ; 3.1.4      ; true",
            "x.x        ; 3.1.4      ; true",
            "1.2.x      ; 1.2.9      ; true",
            "1.2.x      ; 1.3.0      ; false",
            "~0         ; 0.5.0      ; true",
    })
    void matchesLikeNpm(String range, String tag, boolean expected) {
        assertThat(SemverRange.compile(range).matches(tag)).as("%s ∋ %s", range, tag).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "latest", "1.2.3 ||", "|| ^1", ">=a", "<", "!1.2", "x.y.z", "1.2.3.4", ">=1.2 <",
            "[1.0,2.0)", "1.2 - ", "^01", "1.x.3", ">=x", "<*"})
    void refusesWhatIsNotARange(String range) {
        assertThat(SemverRange.problem(range)).as(range).startsWith("not a semver range");
    }

    @Test
    void refusesEmptyRanges() {
        for (String empty : List.of("", "  ")) {
            assertThat(SemverRange.problem(empty)).startsWith("must not be empty");
        }
        assertThat(SemverRange.problem(null)).startsWith("must not be empty");
    }

    @Test
    void ordersNewestFirstBySemverThenNonSemverByNameDescending() {
        assertThat(SemverTags.newestFirst(List.of("latest", "1.10.0", "1.9.0", "v1.10.0", "2.0.0-rc.2", "2.0.0-rc.10",
                "2.0.0", "edge", "1.2")))
                .containsExactly("2.0.0", "2.0.0-rc.10", "2.0.0-rc.2", "v1.10.0", "1.10.0", "1.9.0", "latest", "edge", "1.2");
        assertThat(List.of("a", "1.0.0", "b").stream().sorted(SemverTags.NEWEST_FIRST).toList())
                .containsExactly("1.0.0", "b", "a");
    }
}
