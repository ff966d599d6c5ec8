package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.validation.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private static final long SEED = 977L;
    private static final String[] REGEX_POOL = {".*", "v[0-9]+", "v1\\..*", "latest", ".*-rc[0-9]*", "[a-z]+", "sha256-.*", "1\\.[0-9]+\\.[0-9]+"};
    private static final String[] TAG_POOL = {"latest", "v1", "v12", "v1.2", "1.2.3", "1.2.3-rc1", "edge", "sha256-abc.sig", "v2-rc", "main"};

    @Test
    void evaluatesTheIssueExample() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(StrictJson.readPolicy(PolicyJsonTest.ISSUE_EXAMPLE));
        assertThat(evaluator.matchesRepository("team-a/app")).isTrue();
        assertThat(evaluator.matchesRepository("library/nginx")).isFalse();
        assertThat(evaluator.matchesTag("anything")).isTrue();
        Destination ldn = evaluator.policy().destinations().get(0);
        assertThat(evaluator.destinationRepository(ldn, "team-a/app")).isEqualTo("team-a/app");
        assertThat(evaluator.destinationRepository(new Destination("ldn", "mirror/hz"), "team-a/app")).isEqualTo("mirror/hz/team-a/app");
    }

    @Test
    void refusesAnInvalidPolicyWithAllItsViolations() {
        assertThatThrownBy(() -> PolicyEvaluator.of(StrictJson.readPolicy("{\"name\":\"p\"}")))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations()).hasSize(2))
                .hasMessageContaining("source: must not be empty").hasMessageContaining("destinations: must not be empty");
    }

    @Test
    void tagPatternsMatchTheWholeTag() {
        PolicyEvaluator evaluator = evaluator(List.of("v[0-9]+"), List.of());
        assertThat(evaluator.matchesTag("v12")).isTrue();
        assertThat(evaluator.matchesTag("v12-debug")).isFalse();
        assertThat(evaluator.matchesTag("xv12")).isFalse();
    }

    @Test
    void lawExcludeAlwaysWinsOverInclude() {
        Random random = new Random(SEED);
        for (int round = 0; round < 2000; round++) {
            List<String> include = pick(random, REGEX_POOL, 1 + random.nextInt(3));
            List<String> exclude = pick(random, REGEX_POOL, random.nextInt(3));
            PolicyEvaluator evaluator = evaluator(include, exclude);
            String tag = TAG_POOL[random.nextInt(TAG_POOL.length)];
            boolean included = include.stream().anyMatch(r -> tag.matches(r));
            boolean excluded = exclude.stream().anyMatch(r -> tag.matches(r));
            assertThat(evaluator.matchesTag(tag))
                    .as("seed %d: tag %s include %s exclude %s", SEED, tag, include, exclude)
                    .isEqualTo(included && !excluded);
        }
    }

    @Test
    void lawDoubleStarTakesEveryRepositoryAndNamespacesOnlyPrefix() {
        Random random = new Random(SEED + 1);
        PolicyEvaluator evaluator = PolicyEvaluator.of(new Policy("p", new Source("hz", List.of("**")), null,
                List.of(new Destination("ldn", "mirror")), true, null));
        Destination plain = new Destination("ldn", null);
        for (int i = 0; i < 3000; i++) {
            String repo = RepositoryGlobTest.randomRepository(random);
            assertThat(evaluator.matchesRepository(repo)).as("seed %d: %s", SEED + 1, repo).isTrue();
            assertThat(evaluator.destinationRepository(evaluator.policy().destinations().get(0), repo)).isEqualTo("mirror/" + repo);
            assertThat(evaluator.destinationRepository(plain, repo)).isEqualTo(repo);
        }
    }

    @Test
    void refusesDestinationNamesBeyondTheRegistryLimit() {
        PolicyEvaluator evaluator = evaluator(List.of(".*"), List.of());
        assertThatThrownBy(() -> evaluator.destinationRepository(new Destination("ldn", "m".repeat(128)), "a/" + "b".repeat(130)))
                .hasMessageContaining("more than 255");
    }

    @Test
    void selectsTheNewestNOfAWholeTagListAfterEveryOtherFilter() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(new Policy("p", new Source("hz", List.of("**")),
                new TagFilter(List.of(".*"), List.of(".*-debug"), "^1", 2, List.of()), List.of(new Destination("ldn", null)),
                true, null));
        assertThat(evaluator.selectTags(List.of("1.0.0", "1.9.0-debug", "latest", "1.10.0", "2.0.0", "1.2.0", "v1.9.0")))
                .containsExactly("1.10.0", "v1.9.0");
        assertThat(evaluator.matchesTag("latest")).isFalse();
        assertThat(evaluator.selectsLatest()).isTrue();
        PolicyEvaluator names = PolicyEvaluator.of(new Policy("p", new Source("hz", List.of("**")),
                new TagFilter(null, null, null, 2, null), List.of(new Destination("ldn", null)), true, null));
        assertThat(names.selectTags(List.of("a", "main", "b", "1.0.0"))).containsExactly("1.0.0", "main");
        assertThat(evaluator(List.of(".*"), List.of()).selectTags(List.of("b", "a", "c"))).containsExactly("b", "a", "c");
    }

    @Test
    void excludedRepositoriesNeverMatch() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(new Policy("p", new Source("hz", List.of("team*/**"),
                List.of("**/tmp", "team-b/*")), null, List.of(new Destination("ldn", null)), true, null));
        assertThat(evaluator.matchesRepository("team-a/app")).isTrue();
        assertThat(evaluator.matchesRepository("team-a/tmp")).isFalse();
        assertThat(evaluator.matchesRepository("team-b/app")).isFalse();
        assertThat(evaluator.matchesRepository("team-b/x/app")).isTrue();
    }

    private static PolicyEvaluator evaluator(List<String> include, List<String> exclude) {
        return PolicyEvaluator.of(new Policy("p", new Source("hz", List.of("**")), new TagFilter(include, exclude),
                List.of(new Destination("ldn", null)), true, null));
    }

    private static List<String> pick(Random random, String[] pool, int n) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(pool[random.nextInt(pool.length)]);
        }
        return picked;
    }
}
