package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.validation.FieldViolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

    private static Policy valid() {
        return StrictJson.readPolicy(PolicyJsonTest.ISSUE_EXAMPLE);
    }

    @Test
    void acceptsTheIssueExample() {
        assertThat(PolicyValidator.validate(valid())).isEmpty();
    }

    @Test
    void reportsEveryViolationWithItsFieldPath() {
        Policy bad = new Policy("Apps!", new Source("hz", List.of("team/*", "Team/**", "")),
                new TagFilter(List.of("v[0-9", ".*"), List.of("(?<=x)y")), List.of(), true, new Trigger.Cron("every minute"));
        List<FieldViolation> violations = PolicyValidator.validate(bad);
        assertThat(violations).extracting(FieldViolation::field).containsExactly(
                "name", "source.repositories[1]", "source.repositories[2]", "tags.include[0]", "tags.exclude[0]",
                "destinations", "trigger.cron");
        assertThat(message(violations, "tags.include[0]")).startsWith("not a valid regular expression (RE2 syntax").contains("v[0-9");
        assertThat(message(violations, "destinations")).isEqualTo("must not be empty");
        assertThat(message(violations, "trigger.cron")).contains("Quartz");
    }

    @Test
    void checksDestinations() {
        Policy bad = new Policy("p", new Source("hz", List.of("**")), null, Arrays.asList(
                new Destination("ldn", null), new Destination("ldn", null), null, new Destination("hz", null),
                new Destination("fra", "Mirror//x"), new Destination(null, "ok")), true, null);
        assertThat(PolicyValidator.validate(bad)).extracting(FieldViolation::toString).containsExactly(
                "destinations[1]: duplicates destinations[0]",
                "destinations[2]: must not be null",
                "destinations[3].registry: is the source registry; copying a registry onto itself needs a namespace or a rename",
                "destinations[4].namespace: must be a repository path of lowercase components separated by '/' (at most 128 characters), e.g. \"mirror/hz\", was \"Mirror//x\"",
                "destinations[5].registry: must not be empty");
    }

    @Test
    void checksRequiredPartsAndTriggers() {
        Policy empty = StrictJson.readPolicy("{}");
        assertThat(PolicyValidator.validate(empty)).extracting(FieldViolation::field)
                .containsExactly("name", "source", "destinations");
        List<FieldViolation> trigger = PolicyValidator.validate(new Policy("p", new Source("hz", List.of("**")),
                new TagFilter(List.of(), null), List.of(new Destination("ldn", "mirror/hz")), false, new Trigger.Event(-1)));
        assertThat(trigger).extracting(FieldViolation::field).containsExactly("tags.include", "trigger.debounceSeconds");
        assertThat(PolicyValidator.validate(new Policy("p", new Source("hz", new ArrayList<>()), null,
                List.of(new Destination("ldn", null)), true, new Trigger.Cron("0 */5 * * * ?"))))
                .extracting(FieldViolation::field).containsExactly("source.repositories");
    }

    @Test
    void reportsEveryNewFilterProblemAtOnceWithItsFieldPath() {
        Policy bad = new Policy("p", new Source("hz", List.of("**"), List.of("ok/*", "Bad/**")),
                new TagFilter(List.of("(a)\\1"), List.of("(?=x)"), ">=1.2 <", 0, List.of("sha256:abc", "sha256:" + "a".repeat(64))),
                List.of(new Destination("ldn", null), new Destination("fra", "Bad")), true, new Trigger.Cron("* * * * * ?"));
        List<FieldViolation> violations = PolicyValidator.validate(bad);
        assertThat(violations).extracting(FieldViolation::field).containsExactly(
                "source.exclude[1]", "tags.include[0]", "tags.exclude[0]", "tags.semver", "tags.latest", "tags.digests[0]",
                "destinations[1].namespace", "trigger.cron");
        assertThat(message(violations, "tags.include[0]")).contains("RE2");
        assertThat(message(violations, "tags.semver")).startsWith("not a semver range");
        assertThat(message(violations, "tags.latest")).startsWith("must be at least 1");
        assertThat(message(violations, "trigger.cron")).contains("every 1s").contains("1m")
                .contains("meridian.policies.min-cron-interval");
    }

    @Test
    void refusesCronsFiringMoreOftenThanTheMinimumInterval() {
        for (String tooOften : List.of("* * * * * ?", "0/30 * * * * ?", "0,1 0 3 * * ?", "0,30 0 0 29 2 ?")) {
            assertThat(PolicyValidator.validate(cron(tooOften))).as(tooOften).extracting(FieldViolation::field)
                    .containsExactly("trigger.cron");
        }
        for (String fine : List.of("0 * * * * ?", "0 0/5 * * * ?", "0 0 3 * * ?", "0 0 0 1 1 ? 2099")) {
            assertThat(PolicyValidator.validate(cron(fine))).as(fine).isEmpty();
        }
        assertThat(PolicyValidator.validate(cron("0 0/5 * * * ?"), java.time.Duration.ofMinutes(10)))
                .extracting(FieldViolation::message).singleElement().asString().contains("every 5m").contains("10m");
        assertThat(PolicyValidator.validate(cron("* * * * * ?"), java.time.Duration.ZERO)).isEmpty();
        // an evaluator of a stored policy does not care how often it is scheduled
        assertThat(PolicyEvaluator.of(cron("* * * * * ?")).policy().trigger()).isEqualTo(new Trigger.Cron("* * * * * ?"));
    }

    private static Policy cron(String expression) {
        return new Policy("p", new Source("hz", List.of("**")), null, List.of(new Destination("ldn", null)), true,
                new Trigger.Cron(expression));
    }

    private static String message(List<FieldViolation> violations, String field) {
        return violations.stream().filter(v -> v.field().equals(field)).findFirst().orElseThrow().message();
    }
}
