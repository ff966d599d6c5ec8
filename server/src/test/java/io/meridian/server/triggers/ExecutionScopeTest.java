package io.meridian.server.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.policies.StrictJson;
import io.meridian.server.api.executions.ExecutionScope;
import java.util.TreeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scoped snapshot is the policy narrowed to exact repositories and tags, excludes kept. */
class ExecutionScopeTest {

    private static final Policy POLICY = StrictJson.readPolicy("""
            {"name":"p","source":{"registry":"hz","repositories":["team/**"]},
             "tags":{"include":[".*"],"exclude":[".*-rc"]},"destinations":[{"registry":"ldn","namespace":"mirror"}],
             "override":false,"trigger":{"type":"event","debounceSeconds":5}}""");

    @Test
    void narrowsToExactRepositoriesAndQuotedTags() {
        ExecutionScope scope = new ExecutionScope(new TreeSet<>(List.of("team/app", "team/b")),
                new TreeSet<>(List.of("1.0", "1.0-rc")));
        Policy narrowed = scope.narrow(POLICY);
        PolicyEvaluator evaluator = PolicyEvaluator.of(narrowed); // still a valid policy

        assertThat(narrowed.source().repositories()).containsExactly("team/app", "team/b");
        assertThat(narrowed.source().registry()).isEqualTo("hz");
        assertThat(narrowed.tags().exclude()).containsExactly(".*-rc");
        assertThat(narrowed.destinations()).isEqualTo(POLICY.destinations());
        assertThat(narrowed.override()).isFalse();
        assertThat(evaluator.matchesRepository("team/app")).isTrue();
        assertThat(evaluator.matchesRepository("team/app/sub")).isFalse();
        assertThat(evaluator.matchesRepository("team/c")).isFalse();
        assertThat(evaluator.matchesTag("1.0")).isTrue();
        assertThat(evaluator.matchesTag("1x0")).as("the dot is quoted").isFalse();
        assertThat(evaluator.matchesTag("1.0-rc")).as("the original exclude still wins").isFalse();
        assertThat(evaluator.matchesTag("2.0")).isFalse();
    }

    @Test
    void keepsTheWholeTagFilterWhenThePolicyPicksTheLatestTags() {
        Policy latest = StrictJson.readPolicy("""
                {"name":"p","source":{"registry":"hz","repositories":["team/**"],"exclude":["team/tmp"]},
                 "tags":{"include":[".*"],"exclude":[".*-rc"],"semver":"^1","latest":2},
                 "destinations":[{"registry":"ldn","namespace":"mirror"}],"trigger":{"type":"event"}}""");
        ExecutionScope scope = new ExecutionScope(new TreeSet<>(List.of("team/app", "team/tmp")),
                new TreeSet<>(List.of("1.0.0")));
        Policy narrowed = scope.narrow(latest);
        PolicyEvaluator evaluator = PolicyEvaluator.of(narrowed);

        assertThat(narrowed.tags()).isEqualTo(latest.tags());
        assertThat(evaluator.matchesRepository("team/tmp")).as("the exclude still wins").isFalse();
        assertThat(evaluator.selectTags(List.of("1.0.0", "1.2.0", "1.1.0", "2.0.0")))
                .as("an old pushed tag does not displace the newest two").containsExactly("1.2.0", "1.1.0");
        Policy semverOnly = scope.narrow(StrictJson.readPolicy(StrictJson.write(latest).replace(",\"latest\":2", "")));
        assertThat(semverOnly.tags().include()).containsExactly("1\\.0\\.0");
        assertThat(semverOnly.tags().semver()).isEqualTo("^1");
    }

    @Test
    void summaryStaysShortForManyTags() {
        TreeSet<String> tags = new TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            tags.add("t" + i);
        }
        String summary = new ExecutionScope(new TreeSet<>(List.of("team/app")), tags).summary();
        assertThat(summary).startsWith("1 repositories [team/app], 1000 tags [t0, t1, t10, t100, t101, ...]");
    }
}
