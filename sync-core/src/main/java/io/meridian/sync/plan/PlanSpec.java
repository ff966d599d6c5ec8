package io.meridian.sync.plan;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What to replicate, independent of how the policy was written: the source registry, which
 * repositories and tags qualify, where they go and whether a differing tag is overwritten.
 * The server builds it from a {@code policies} policy; tests build it directly.
 *
 * @param repositoryFilter full repository name → selected (the policy's globs)
 * @param tagFilter        tag → selected (the policy's include/exclude regular expressions)
 * @param override         true: a destination tag with another digest is overwritten; false: CONFLICT
 */
public record PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                       Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override) {
    public PlanSpec {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(sourceRegistry, "sourceRegistry");
        Objects.requireNonNull(repositoryFilter, "repositoryFilter");
        Objects.requireNonNull(tagFilter, "tagFilter");
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("plan of policy " + policy + ": destinations must not be empty");
        }
    }
}
