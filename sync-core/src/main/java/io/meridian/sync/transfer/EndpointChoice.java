package io.meridian.sync.transfer;

import io.meridian.regions.paths.Candidate;
import io.meridian.regions.paths.EndpointRanking;
import io.meridian.regions.paths.EndpointRanking.Ranked;
import io.meridian.regions.paths.EndpointRanking.Ranking;
import io.meridian.regions.paths.PathRule;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the endpoint of each attempt among a registry's {@link GuardedRegistry#endpoints()} by
 * {@link EndpointRanking} on this node's current measurements, so every blob (every wave of artifacts) goes the way
 * that is fastest now. A retry avoids the endpoints that failed this blob's earlier attempts while another is left,
 * and an endpoint whose breaker is open is taken only when no other is usable: that is the fail-over. A registry
 * with only its url costs one list check per attempt.
 */
public final class EndpointChoice implements AttemptTarget.Routes {

    private final String nodeRegion;

    /** @param nodeRegion the region this node runs in; empty: only endpoints reachable from everywhere */
    public EndpointChoice(Optional<String> nodeRegion) {
        this.nodeRegion = nodeRegion.filter(r -> !r.isBlank()).orElse(null);
    }

    public Optional<String> nodeRegion() {
        return Optional.ofNullable(nodeRegion);
    }

    @Override
    public AttemptTarget route(GuardedRegistry planned, RepositoryName repository, int attempt) {
        return route(planned, repository, attempt, Work.TYPICAL_IMAGE, PathRule.ANY, Set.of());
    }

    @Override
    public AttemptTarget route(GuardedRegistry planned, RepositoryName repository, int attempt, Work work,
                               PathRule rule, Set<String> failed) {
        if (planned.endpoints().isEmpty()) {
            return new AttemptTarget(planned, repository, attempt);
        }
        Ranking ranking = rank(planned, work, rule);
        if (ranking.isEmpty()) {
            throw new NoPathException(planned.name(), ranking);
        }
        Ranked pick = pick(ranking.usable(), failed);
        return new AttemptTarget(handle(planned, pick.name()).registry(), repository, attempt);
    }

    /** The ranking of {@code registry}'s endpoints for {@code work} under {@code rule}, as of now. */
    public Ranking rank(GuardedRegistry registry, Work work, PathRule rule) {
        List<Candidate> candidates = new ArrayList<>();
        for (EndpointHandle e : registry.endpoints()) {
            candidates.add(e.candidate());
        }
        return EndpointRanking.rank(candidates, work, nodeRegion, rule);
    }

    /** The best that neither failed this blob nor has an open breaker; else the best not failed; else the best. */
    static Ranked pick(List<Ranked> usable, Set<String> failed) {
        for (Ranked r : usable) {
            if (!failed.contains(r.name()) && !r.candidate().breakerOpen()) {
                return r;
            }
        }
        for (Ranked r : usable) {
            if (!failed.contains(r.name())) {
                return r;
            }
        }
        return usable.get(0);
    }

    static EndpointHandle handle(GuardedRegistry registry, String name) {
        for (EndpointHandle e : registry.endpoints()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("registry " + registry.name() + " has no endpoint " + name);
    }
}
