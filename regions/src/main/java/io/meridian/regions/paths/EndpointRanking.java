package io.meridian.regions.paths;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks the endpoints of one registry for one node and one piece of work by expected completion time:
 * <pre>  seconds = (requests × rtt + bytes ÷ throughput) ÷ (1 − errorRate)</pre>
 * with the measured RTT and throughput where this node has samples and the {@link Prior} where it has none. Like is
 * compared with like, figure by figure: a measured RTT (or throughput) is used only when every usable endpoint has
 * one, else every endpoint's prior is. A figure measured from traffic carries this node's load and the connection's
 * setup, a prior neither, so the endpoint that carried the work would otherwise lose to one nobody measured; the
 * probe measures every usable endpoint alike, and from then on the measurements decide. The error-rate
 * factor is the expected number of attempts of a request that fails with that probability (capped at 2: an endpoint that fails often is penalised, not banned — its breaker does that).
 *
 * <p>An endpoint the node may not use ({@code reachableFrom}) or the policy's {@link PathRule} refuses is never
 * ranked; it is listed with the reason. An endpoint whose breaker is open is ranked after all others: taken only
 * when nothing else is left.
 */
public final class EndpointRanking {

    private static final double MAX_ATTEMPTS_FACTOR = 2;

    private EndpointRanking() {
    }

    /** One ranked endpoint with the figures its expected time was computed from. */
    public record Ranked(Candidate candidate, double rttMs, double throughputMBps, boolean measured, double seconds) {
        public String name() {
            return candidate.name();
        }

        /** {@code accelerated 38 MB/s 22 ms}, with {@code (prior)} when nothing was measured yet. */
        public String figures() {
            return String.format(Locale.ROOT, "%s %s MB/s %d ms%s%s", name(), number(throughputMBps),
                    Math.round(rttMs), measured ? "" : " (prior)", candidate.breakerOpen() ? " (breaker open)" : "");
        }

        private static String number(double v) {
            return v >= 10 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    /**
     * @param usable  best first; empty when no endpoint may be used
     * @param refused endpoint name → why it may not be used
     */
    public record Ranking(List<Ranked> usable, Map<String, String> refused) {

        public boolean isEmpty() {
            return usable.isEmpty();
        }

        public Ranked best() {
            return usable.get(0);
        }

        /** The decision for people: {@code accelerated 38 MB/s 22 ms vs public 4 MB/s 151 ms}. */
        public String reason() {
            if (usable.isEmpty()) {
                return "no usable endpoint: " + refusedText();
            }
            if (usable.size() == 1) {
                return usable.get(0).figures() + (refused.isEmpty() ? ", the only endpoint" : ", the only usable one ("
                        + refusedText() + ")");
            }
            return usable.get(0).figures() + " vs " + usable.get(1).figures();
        }

        /** {@code vpc: not reachable from region eu-london; public: in paths.avoid [public]} */
        public String refusedText() {
            List<String> parts = new ArrayList<>();
            refused.forEach((name, why) -> parts.add(name + ": " + why));
            return String.join("; ", parts);
        }
    }

    /**
     * @param nodeRegion this node's region, null when it has none (then only endpoints reachable from everywhere)
     */
    public static Ranking rank(List<Candidate> candidates, Work work, String nodeRegion, PathRule rule) {
        PathRule r = rule == null ? PathRule.ANY : rule;
        List<Ranked> usable = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            String why = unreachable(c, nodeRegion);
            if (why == null) {
                why = r.refusal(c.name(), c.kind());
            }
            if (why != null) {
                refused.put(c.name(), why);
                continue;
            }
            usable.add(expected(c, work, true, true));
        }
        boolean rtts = usable.stream().allMatch(x -> x.candidate().measured().rttMs() != null);
        boolean throughputs = usable.stream().allMatch(x -> x.candidate().measured().throughputMBps() != null);
        if (!rtts || !throughputs) {
            usable.replaceAll(x -> expected(x.candidate(), work, rtts, throughputs));
        }
        usable.sort(Comparator.comparing((Ranked x) -> x.candidate().breakerOpen())
                .thenComparingDouble(Ranked::seconds)
                .thenComparing(Ranked::name));
        return new Ranking(List.copyOf(usable), refused);
    }

    /**
     * @param measuredRtt        use the measured RTT (else the prior): only when every usable endpoint has one
     * @param measuredThroughput the same for throughput
     */
    static Ranked expected(Candidate c, Work work, boolean measuredRtt, boolean measuredThroughput) {
        Estimate m = c.measured();
        boolean rttMeasured = measuredRtt && m.rttMs() != null;
        boolean throughputMeasured = measuredThroughput && m.throughputMBps() != null;
        double rtt = rttMeasured ? m.rttMs() : c.prior().rttMs();
        double throughput = throughputMeasured ? m.throughputMBps() : c.prior().throughputMBps();
        double seconds = work.requests() * rtt / 1000.0 + work.bytes() / (throughput * 1_000_000.0);
        double attempts = Math.min(MAX_ATTEMPTS_FACTOR, 1 / Math.max(1e-9, 1 - m.errorRate()));
        return new Ranked(c, rtt, throughput, rttMeasured || throughputMeasured, seconds * attempts);
    }

    private static String unreachable(Candidate c, String nodeRegion) {
        if (c.reachableFrom().isEmpty() || (nodeRegion != null && c.reachableFrom().contains(nodeRegion))) {
            return null;
        }
        return nodeRegion == null ? "reachable only from " + c.reachableFrom() + ", and this node has no region"
                : "not reachable from region " + nodeRegion + " (reachable only from " + c.reachableFrom() + ")";
    }
}
