package io.meridian.sync.transfer;

import io.meridian.regions.EndpointKind;
import io.meridian.regions.paths.Candidate;
import io.meridian.regions.paths.Estimate;
import io.meridian.regions.paths.Prior;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Objects;

/**
 * One endpoint of a registry the engine may choose per attempt: how it is reached ({@code registry}: its own client
 * and guard), its kind and ACL ({@code reachableFrom}), and its prior figures until measured.
 */
public record EndpointHandle(String name, EndpointKind kind, List<String> reachableFrom, Prior prior,
                             GuardedRegistry registry) {

    /** The registry's own url. */
    public static final String DEFAULT = "default";

    public EndpointHandle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        reachableFrom = reachableFrom == null ? List.of() : List.copyOf(reachableFrom);
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(registry, "registry");
    }

    /** This endpoint as the ranking sees it now: measured figures, breaker state. */
    public Candidate candidate() {
        Estimate measured = registry.pathMeter() == null ? Estimate.NONE : registry.pathMeter().estimate();
        return new Candidate(name, kind, reachableFrom, prior, measured, breakerOpen());
    }

    public boolean breakerOpen() {
        CircuitBreaker.State state = registry.guard().circuitState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }
}
