package io.meridian.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkGraphTest {

    private static final long SEED = 20261128L;
    private static final int GRAPHS = 200;

    /** Hangzhou to Frankfurt directly is slow; via Singapore it is faster but costs more. */
    private static LinkGraph world() {
        return LinkGraph.builder()
                .bidirectional(new Link("cn-hangzhou", "ap-singapore", 35, 2000, 0.08))
                .bidirectional(new Link("ap-singapore", "eu-frankfurt", 80, 5000, 0.05))
                .bidirectional(new Link("cn-hangzhou", "eu-frankfurt", 180, 300, 0.02))
                .bidirectional(new Link("eu-frankfurt", "eu-london", 8, 10000, 0.01))
                .region("us-east-1")
                .build();
    }

    @Test
    void relaysThroughAFasterRegionWhenLatencyMatters() {
        Route route = world().route("cn-hangzhou", "eu-london", Weighting.LATENCY).orElseThrow();
        assertThat(route.regions()).containsExactly("cn-hangzhou", "ap-singapore", "eu-frankfurt", "eu-london");
        assertThat(route.relays()).containsExactly("ap-singapore", "eu-frankfurt");
        assertThat(route.weight()).isEqualTo(123.0);
    }

    @Test
    void takesTheDirectLinkWhenCostMatters() {
        Route route = world().route("cn-hangzhou", "eu-frankfurt", Weighting.COST).orElseThrow();
        assertThat(route.isDirect()).isTrue();
        assertThat(route.weight()).isEqualTo(0.02);
    }

    @Test
    void transferTimeWeighsBandwidthForBigArtifacts() {
        // 512 MB: 300 Mbps direct takes ~14 s, 2000/5000 Mbps via Singapore ~3 s.
        Route big = world().route("cn-hangzhou", "eu-frankfurt", Weighting.transferTime(512L << 20)).orElseThrow();
        assertThat(big.relays()).containsExactly("ap-singapore");
        Route tiny = world().route("cn-hangzhou", "eu-frankfurt", Weighting.transferTime(0)).orElseThrow();
        assertThat(tiny.relays()).containsExactly("ap-singapore"); // 115 ms < 180 ms either way
    }

    @Test
    void avoidsRelaysThatAreNotAllowed() {
        Route route = world().route("cn-hangzhou", "eu-london", Weighting.LATENCY, r -> !r.startsWith("ap-")).orElseThrow();
        assertThat(route.regions()).containsExactly("cn-hangzhou", "eu-frankfurt", "eu-london");
        assertThat(world().route("cn-hangzhou", "eu-london", Weighting.LATENCY, r -> false)).isEmpty();
    }

    @Test
    void answersEmptyForUnreachableAndThrowsForUnknownRegions() {
        assertThat(world().route("cn-hangzhou", "us-east-1", Weighting.LATENCY)).isEmpty();
        assertThatThrownBy(() -> world().route("cn-hangzhou", "mars-1", Weighting.LATENCY))
                .hasMessageContaining("unknown region \"mars-1\"");
    }

    @Test
    void fanOutCrossesTheBorderOnceForTwoEuropeanDestinations() {
        FanOutTree tree = world().fanOut("cn-hangzhou", List.of("eu-frankfurt", "eu-london", "us-east-1"), Weighting.LATENCY);
        assertThat(tree.destinations()).containsExactlyInAnyOrder("eu-frankfurt", "eu-london");
        assertThat(tree.unreachable()).containsExactly("us-east-1");
        assertThat(tree.links()).extracting(Link::toString)
                .containsExactly("cn-hangzhou->ap-singapore", "ap-singapore->eu-frankfurt", "eu-frankfurt->eu-london");
        assertThat(tree.relays()).containsExactly("ap-singapore");
        assertThat(tree.children("eu-frankfurt")).extracting(Link::to).containsExactly("eu-london");
        assertThat(tree.pathTo("eu-london").weight()).isEqualTo(123.0);
    }

    @Test
    void refusesWeightingsThatGoNegative() {
        assertThatThrownBy(() -> world().route("cn-hangzhou", "eu-london", link -> -1))
                .hasMessageContaining("weights must be finite and >= 0");
    }

    @Test
    void lawPathNeverCostsMoreThanTheDirectLinkOrAnyTwoHopDetour() {
        Random random = new Random(SEED);
        for (int g = 0; g < GRAPHS; g++) {
            LinkGraph graph = randomGraph(random);
            Weighting weighting = randomWeighting(random);
            List<String> regions = new ArrayList<>(graph.regions());
            for (String a : regions) {
                for (String b : regions) {
                    Optional<Route> route = graph.route(a, b, weighting);
                    String context = "seed " + SEED + " graph " + g + " " + a + "->" + b;
                    assertThat(route.isPresent()).as(context).isEqualTo(reachable(graph, a, b));
                    if (route.isEmpty() || a.equals(b)) {
                        continue;
                    }
                    double cost = route.get().weight();
                    assertThat(cost).as(context).isCloseTo(
                            route.get().links().stream().mapToDouble(weighting::weight).sum(), within(1e-6));
                    graph.link(a, b).ifPresent(direct ->
                            assertThat(cost).as(context + " vs direct").isLessThanOrEqualTo(weighting.weight(direct) + 1e-9));
                    for (String k : regions) {
                        Optional<Link> first = k.equals(a) || k.equals(b) ? Optional.empty() : graph.link(a, k);
                        Optional<Link> second = first.isPresent() ? graph.link(k, b) : Optional.empty();
                        if (second.isPresent()) {
                            assertThat(cost).as(context + " vs via " + k)
                                    .isLessThanOrEqualTo(weighting.weight(first.get()) + weighting.weight(second.get()) + 1e-9);
                        }
                    }
                }
            }
        }
    }

    @Test
    void lawFanOutReachesEveryReachableDestinationExactlyOnceAndCrossesEachLinkOnce() {
        Random random = new Random(SEED + 1);
        for (int g = 0; g < GRAPHS; g++) {
            LinkGraph graph = randomGraph(random);
            Weighting weighting = randomWeighting(random);
            List<String> regions = new ArrayList<>(graph.regions());
            String source = regions.get(random.nextInt(regions.size()));
            Set<String> destinations = new HashSet<>();
            int wanted = 1 + random.nextInt(regions.size());
            for (int i = 0; i < wanted; i++) {
                destinations.add(regions.get(random.nextInt(regions.size())));
            }
            destinations.remove(source);
            FanOutTree tree = graph.fanOut(source, destinations, weighting);
            String context = "seed " + (SEED + 1) + " graph " + g + " from " + source + " to " + destinations;

            Set<String> all = new HashSet<>(tree.destinations());
            all.addAll(tree.unreachable());
            assertThat(all).as(context).isEqualTo(destinations);
            for (String d : destinations) {
                assertThat(tree.destinations().contains(d)).as(context + " " + d).isEqualTo(reachable(graph, source, d));
            }
            List<Link> links = tree.links();
            assertThat(new HashSet<>(links)).as(context + " no link twice").hasSameSizeAs(links);
            Map<String, Integer> entered = new HashMap<>();
            links.forEach(l -> entered.merge(l.to(), 1, Integer::sum));
            assertThat(entered.values()).as(context + " each region entered once").allMatch(n -> n == 1);
            assertThat(entered).as(context + " source never entered").doesNotContainKey(source);
            for (String d : tree.destinations()) {
                assertThat(entered).as(context + " reaches " + d).containsKey(d);
                assertThat(tree.pathTo(d).weight()).as(context + " shortest to " + d)
                        .isCloseTo(graph.route(source, d, weighting).orElseThrow().weight(), within(1e-6));
            }
            for (String leaf : entered.keySet()) { // pruned: every leaf is a destination
                if (tree.children(leaf).isEmpty()) {
                    assertThat(destinations).as(context + " leaf " + leaf).contains(leaf);
                }
            }
        }
    }

    private static LinkGraph randomGraph(Random random) {
        int n = 2 + random.nextInt(9);
        double density = 0.15 + random.nextDouble() * 0.7;
        LinkGraph.Builder builder = LinkGraph.builder();
        for (int i = 0; i < n; i++) {
            builder.region("r" + i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && random.nextDouble() < density) {
                    builder.link(new Link("r" + i, "r" + j, random.nextInt(200), 10 + random.nextInt(10_000),
                            random.nextInt(20) / 100.0));
                }
            }
        }
        return builder.build();
    }

    private static Weighting randomWeighting(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Weighting.LATENCY;
            case 1 -> Weighting.COST;
            default -> Weighting.transferTime(random.nextInt(1 << 30));
        };
    }

    private static boolean reachable(LinkGraph graph, String from, String to) {
        Set<String> seen = new HashSet<>(List.of(from));
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        Set<Link> links = graph.links();
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (Link link : links) {
                if (link.from().equals(at) && seen.add(link.to())) {
                    queue.addLast(link.to());
                }
            }
        }
        return seen.contains(to);
    }
}
