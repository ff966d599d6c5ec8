package io.meridian.regions.paths;

import io.meridian.regions.EndpointKind;
import java.util.List;
import java.util.Objects;

/**
 * One endpoint of one registry as the ranking sees it.
 *
 * @param reachableFrom regions whose nodes may use it; empty = every node
 * @param prior         its assumed figures until measured ({@link Prior#forKind} already applied)
 * @param measured      what this node measured ({@link Estimate#NONE} when nothing yet)
 * @param breakerOpen   its circuit breaker is open: usable only when nothing else is
 */
public record Candidate(String name, EndpointKind kind, List<String> reachableFrom, Prior prior, Estimate measured,
                        boolean breakerOpen) {

    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        reachableFrom = reachableFrom == null ? List.of() : List.copyOf(reachableFrom);
        Objects.requireNonNull(prior, "prior");
        measured = measured == null ? Estimate.NONE : measured;
    }
}
