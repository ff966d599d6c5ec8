package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RepositoryGlobTest {

    private static final long SEED = 4242L;

    @ParameterizedTest
    @CsvSource({
            "team*/**,      team-a/app,        true",
            "team*/**,      teams/x/y/z,       true",
            "team*/**,      team-a,            false",
            "team*/**,      other/team-a/app,  false",
            "team/*,        team/app,          true",
            "team/*,        team/app/sub,      false",
            "**,            a,                 true",
            "**,            a/b/c,             true",
            "**/app,        app,               true",
            "**/app,        x/y/app,           true",
            "**/app,        xapp,              false",
            "a/**/b,        a/b,               true",
            "a/**/b,        a/x/y/b,           true",
            "a/**/b,        a/xb,              false",
            "lib-?,         lib-1,             true",
            "lib-?,         lib-12,            false",
            "lib-?,         lib-/,             false",
            "*,             app,               true",
            "*,             team/app,          false",
            "library/nginx, library/nginx,     true",
            "library/nginx, library/nginx2,    false",
            "a**z,          a/b/c/z,           true",
    })
    void matchesLikeTheDocumentedExamples(String glob, String repository, boolean expected) {
        assertThat(RepositoryGlob.compile(glob).matches(repository)).as(glob + " ~ " + repository).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/team", "team/", "a//b", "Team/*", "team/***", "a b", "a\\b", "[ab]"})
    void refusesMalformedGlobs(String glob) {
        assertThat(RepositoryGlob.problem(glob)).as(glob).isNotNull();
        assertThatThrownBy(() -> RepositoryGlob.compile(glob)).hasMessageContaining("pattern: ");
    }

    @Test
    void lawAgreesWithARegularExpressionOracle() {
        Random random = new Random(SEED);
        String[] atoms = {"a", "b", "-", "/", "*", "**", "?", "**/"};
        for (int round = 0; round < 3000; round++) {
            String glob = randomGlob(random, atoms);
            if (RepositoryGlob.problem(glob) != null) {
                continue;
            }
            RepositoryGlob compiled = RepositoryGlob.compile(glob);
            Pattern oracle = oracle(glob);
            for (int j = 0; j < 20; j++) {
                String repo = randomRepository(random);
                assertThat(compiled.matches(repo)).as("seed " + SEED + ": " + glob + " ~ " + repo + " (oracle " + oracle + ")")
                        .isEqualTo(oracle.matcher(repo).matches());
            }
        }
    }

    @Test
    void lawDoubleStarMatchesEveryRepository() {
        Random random = new Random(SEED + 1);
        RepositoryGlob all = RepositoryGlob.compile("**");
        for (int i = 0; i < 5000; i++) {
            String repo = randomRepository(random);
            assertThat(all.matches(repo)).as("seed " + (SEED + 1) + ": " + repo).isTrue();
        }
    }

    @Test
    void lawALiteralMatchesOnlyItself() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 2000; i++) {
            String a = randomRepository(random);
            String b = randomRepository(random);
            RepositoryGlob literal = RepositoryGlob.compile(a);
            assertThat(literal.matches(a)).isTrue();
            assertThat(literal.matches(b)).as("seed " + (SEED + 2) + ": " + a + " vs " + b).isEqualTo(a.equals(b));
        }
    }

    @Test
    void matchesInLinearTimeWhereABacktrackingMatcherWouldNot() {
        // A backtracking matcher tries every way to split the a's among the stars: exponential.
        RepositoryGlob hostile = RepositoryGlob.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
        RepositoryGlob hostileAcross = RepositoryGlob.compile("**a**a**a**a**a**a**a**a**a**a**b");
        String input = "a".repeat(100_000);
        String inputWithSlashes = "a/".repeat(50_000) + "a";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(hostile.matches(input)).isFalse();
            assertThat(hostileAcross.matches(inputWithSlashes)).isFalse();
            assertThat(hostileAcross.matches(inputWithSlashes + "b")).isTrue();
        });
    }

    private static String randomGlob(Random random, String[] atoms) {
        StringBuilder glob = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            glob.append(atoms[random.nextInt(atoms.length)]);
        }
        return glob.toString();
    }

    static String randomRepository(Random random) {
        StringBuilder repo = new StringBuilder();
        int segments = 1 + random.nextInt(4);
        for (int s = 0; s < segments; s++) {
            if (s > 0) {
                repo.append('/');
            }
            int len = 1 + random.nextInt(4);
            for (int i = 0; i < len; i++) {
                repo.append("ab-".charAt(random.nextInt(3)));
            }
        }
        return repo.toString();
    }

    /** The documented semantics, translated naively to a (backtracking) regular expression. */
    private static Pattern oracle(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i) && (i == 0 || glob.charAt(i - 1) == '/')) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
