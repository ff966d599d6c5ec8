package io.meridian.regions.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.regions.EndpointKind;
import io.meridian.regions.paths.EndpointRanking.Ranked;
import io.meridian.regions.paths.EndpointRanking.Ranking;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndpointRankingTest {

    private static final Prior LINK = new Prior(150, 4);

    private static Candidate measured(String name, EndpointKind kind, double rttMs, double mbps) {
        return new Candidate(name, kind, List.of(), LINK.forKind(kind), new Estimate(rttMs, mbps, 0, 10), false);
    }

    @Test
    void picksTheFasterForLargePayloadsAndTheLowerLatencyForManySmallRequests() {
        // near: low latency, narrow; wide: high latency, wide
        Candidate near = measured("near", EndpointKind.PUBLIC, 10, 2);
        Candidate wide = measured("wide", EndpointKind.ACCELERATED, 200, 50);
        assertThat(EndpointRanking.rank(List.of(near, wide), new Work(3, 500_000_000), null, PathRule.ANY)
                .best().name()).isEqualTo("wide");
        assertThat(EndpointRanking.rank(List.of(near, wide), new Work(5_000, 1_000), null, PathRule.ANY)
                .best().name()).isEqualTo("near");
    }

    @Test
    void explainsTheChoiceWithBothEndpointsFigures() {
        Ranking r = EndpointRanking.rank(List.of(measured("public", EndpointKind.PUBLIC, 151, 4),
                measured("accelerated", EndpointKind.ACCELERATED, 22, 38)), Work.TYPICAL_IMAGE, null, PathRule.ANY);
        assertThat(r.reason()).isEqualTo("accelerated 38 MB/s 22 ms vs public 4.0 MB/s 151 ms");
    }

    @Test
    void usesKindPriorsUntilMeasured() {
        Candidate pub = new Candidate("default", EndpointKind.PUBLIC, List.of(), LINK, Estimate.NONE, false);
        Candidate acc = new Candidate("acc", EndpointKind.ACCELERATED, List.of(), LINK.forKind(EndpointKind.ACCELERATED),
                Estimate.NONE, false);
        Ranking r = EndpointRanking.rank(List.of(pub, acc), Work.TYPICAL_IMAGE, null, PathRule.ANY);
        assertThat(r.best().name()).isEqualTo("acc");
        assertThat(r.reason()).contains("(prior)");
    }

    @Test
    void comparesAMeasuredFigureOnlyWithMeasuredOnes() {
        // acc carried the work on a busy node (300 ms, 2 MB/s measured); default was never measured: priors decide
        Candidate pub = new Candidate("default", EndpointKind.PUBLIC, List.of(), LINK, Estimate.NONE, false);
        Candidate acc = new Candidate("acc", EndpointKind.ACCELERATED, List.of(), LINK.forKind(EndpointKind.ACCELERATED),
                new Estimate(300.0, 2.0, 0, 12), false);
        Ranking unmeasured = EndpointRanking.rank(List.of(pub, acc), Work.TYPICAL_IMAGE, null, PathRule.ANY);
        assertThat(unmeasured.best().name()).isEqualTo("acc");
        assertThat(unmeasured.reason()).isEqualTo("acc 16 MB/s 90 ms (prior) vs default 4.0 MB/s 150 ms (prior)");
        // once the probe measured default's RTT too, RTTs are compared measured; throughputs still on priors
        Candidate probed = new Candidate("default", EndpointKind.PUBLIC, List.of(), LINK, new Estimate(20.0, null, 0, 3),
                false);
        Ranking rtts = EndpointRanking.rank(List.of(probed, acc), new Work(1, 0), null, PathRule.ANY);
        assertThat(rtts.best().name()).isEqualTo("default");
        assertThat(rtts.reason()).isEqualTo("default 4.0 MB/s 20 ms vs acc 16 MB/s 300 ms");
    }

    @Test
    void aVpcEndpointIsOnlyForItsRegionAndNeverForANodeWithoutOne() {
        Candidate vpc = new Candidate("vpc", EndpointKind.VPC, List.of("cn-hangzhou"), LINK.forKind(EndpointKind.VPC),
                Estimate.NONE, false);
        Candidate pub = new Candidate("default", EndpointKind.PUBLIC, List.of(), LINK, Estimate.NONE, false);
        assertThat(EndpointRanking.rank(List.of(vpc, pub), Work.TYPICAL_IMAGE, "cn-hangzhou", PathRule.ANY)
                .best().name()).isEqualTo("vpc");
        Ranking london = EndpointRanking.rank(List.of(vpc, pub), Work.TYPICAL_IMAGE, "eu-london", PathRule.ANY);
        assertThat(london.usable()).extracting(Ranked::name).containsExactly("default");
        assertThat(london.refused().get("vpc")).contains("not reachable from region eu-london");
        assertThat(EndpointRanking.rank(List.of(vpc), Work.TYPICAL_IMAGE, null, PathRule.ANY).refused().get("vpc"))
                .contains("this node has no region");
    }

    @Test
    void anOpenBreakerGoesLastButIsNotRefused() {
        Candidate fast = new Candidate("fast", EndpointKind.ACCELERATED, List.of(), LINK, new Estimate(20.0, 100.0, 0, 5),
                true);
        Candidate slow = measured("slow", EndpointKind.PUBLIC, 150, 4);
        Ranking r = EndpointRanking.rank(List.of(fast, slow), Work.TYPICAL_IMAGE, null, PathRule.ANY);
        assertThat(r.usable()).extracting(Ranked::name).containsExactly("slow", "fast");
    }

    @Test
    void requireAndAvoidRefuseWithTheRuleAsReason() {
        List<Candidate> all = List.of(measured("default", EndpointKind.PUBLIC, 150, 4),
                measured("acc", EndpointKind.ACCELERATED, 20, 40));
        Ranking onlyPublic = EndpointRanking.rank(all, Work.TYPICAL_IMAGE, null,
                new PathRule(List.of("public"), List.of()));
        assertThat(onlyPublic.usable()).extracting(Ranked::name).containsExactly("default");
        Ranking none = EndpointRanking.rank(all, Work.TYPICAL_IMAGE, null,
                new PathRule(List.of(), List.of("public", "acc")));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.reason()).isEqualTo("no usable endpoint: default: in paths.avoid [public, acc]; "
                + "acc: in paths.avoid [public, acc]");
    }

    /** Laws over random endpoint sets, work and rules; the seed is in every failure message. */
    @Test
    void propertiesOfTheRanking() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] regions = {"a", "b", "c"};
        for (int round = 0; round < 2_000; round++) {
            List<Candidate> candidates = new ArrayList<>();
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                EndpointKind kind = EndpointKind.values()[random.nextInt(3)];
                List<String> reach = random.nextInt(3) == 0 ? List.of(regions[random.nextInt(3)]) : List.of();
                Estimate est = random.nextBoolean() ? Estimate.NONE : new Estimate(1 + random.nextDouble() * 300,
                        0.1 + random.nextDouble() * 100, random.nextDouble() * 0.5, 1 + random.nextInt(50));
                candidates.add(new Candidate("e" + i, kind, reach, LINK.forKind(kind), est, random.nextInt(5) == 0));
            }
            String node = random.nextInt(4) == 3 ? null : regions[random.nextInt(3)];
            PathRule rule = switch (random.nextInt(3)) {
                case 0 -> PathRule.ANY;
                case 1 -> new PathRule(List.of(EndpointKind.values()[random.nextInt(3)].json()), List.of());
                default -> new PathRule(List.of(), List.of("e" + random.nextInt(n)));
            };
            Work work = new Work(random.nextInt(1_000), (long) (random.nextDouble() * 2e9));
            Ranking r = EndpointRanking.rank(candidates, work, node, rule);
            String at = "seed " + seed + " round " + round + ": " + candidates + " node " + node + " rule " + rule;
            assertThat(r.usable().size() + r.refused().size()).as(at).isEqualTo(n);
            for (Ranked x : r.usable()) {
                Candidate c = x.candidate();
                assertThat(c.reachableFrom().isEmpty() || c.reachableFrom().contains(node))
                        .as("never an unreachable endpoint: " + at).isTrue();
                assertThat(rule.refusal(c.name(), c.kind())).as("constraints respected: " + at).isNull();
            }
            for (int i = 1; i < r.usable().size(); i++) {
                Ranked prev = r.usable().get(i - 1);
                Ranked next = r.usable().get(i);
                if (prev.candidate().breakerOpen() == next.candidate().breakerOpen()) {
                    assertThat(prev.seconds()).as("sorted by expected time: " + at).isLessThanOrEqualTo(next.seconds());
                } else {
                    assertThat(next.candidate().breakerOpen()).as("open breakers last: " + at).isTrue();
                }
            }
            if (!r.isEmpty() && !r.best().candidate().breakerOpen()) {
                // the best closed endpoint is at least as fast as every closed one, by the formula
                for (Ranked x : r.usable()) {
                    if (!x.candidate().breakerOpen()) {
                        assertThat(r.best().seconds()).as(at).isLessThanOrEqualTo(x.seconds());
                    }
                }
            }
        }
    }
}
