package io.meridian.sync.plan;

import io.meridian.sync.select.CopyScope;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What to replicate, independent of how the policy was written: the source registry, which
 * repositories and tags qualify, where they go and whether a differing tag is overwritten.
 * The server builds it from a {@code policies} policy; tests build it directly.
 *
 * @param repositoryFilter full repository name → selected (the policy's globs)
 * @param tagFilter        tag → selected (the policy's include/exclude regular expressions)
 * @param override         true: a destination tag with another digest is overwritten; false: CONFLICT
 * @param literalRepositories when every repository pattern is a plain name: those names, and the
 *                         planner lists their tags directly instead of the whole catalog (scoped
 *                         event executions); empty: list the catalog and filter it
 * @param tagSelection     a repository's <b>full</b> tag list → the references to plan in it
 *                         (issue 14, owned by the policies branch: a policy's {@code tags.latest}
 *                         needs every tag at once, and {@code tags.digests} adds digests whatever
 *                         the tags). The constructors without it select the tags {@code tagFilter}
 *                         takes, in listing order.
 * @param scope            which artifact kinds and index children are copied ({@code artifacts}, {@code platforms})
 * @param gate             whether an artifact may be copied at all (issue 14 scan gate, asked by {@link GateRule});
 *                         {@link ArtifactGate#OPEN} when the policy has none
 */
public record PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                       Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override,
                       List<String> literalRepositories, Function<List<String>, List<String>> tagSelection,
                       CopyScope scope, ArtifactGate gate) {

    /** A spec without a scan gate. */
    public PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                    Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override,
                    List<String> literalRepositories, Function<List<String>, List<String>> tagSelection,
                    CopyScope scope) {
        this(policy, sourceRegistry, repositoryFilter, tagFilter, destinations, override, literalRepositories,
                tagSelection, scope, ArtifactGate.OPEN);
    }

    /** A spec of every kind and whole indexes, with a scan gate. */
    public PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                    Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override,
                    List<String> literalRepositories, Function<List<String>, List<String>> tagSelection,
                    ArtifactGate gate) {
        this(policy, sourceRegistry, repositoryFilter, tagFilter, destinations, override, literalRepositories,
                tagSelection, CopyScope.ALL, gate);
    }

    /** A spec that copies every kind and whole indexes. */
    public PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                    Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override,
                    List<String> literalRepositories, Function<List<String>, List<String>> tagSelection) {
        this(policy, sourceRegistry, repositoryFilter, tagFilter, destinations, override, literalRepositories,
                tagSelection, CopyScope.ALL);
    }

    /** A spec whose repositories are found through the source's catalog. */
    public PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                    Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override) {
        this(policy, sourceRegistry, repositoryFilter, tagFilter, destinations, override, List.of());
    }

    /** A spec that selects tags one by one with {@code tagFilter}. */
    public PlanSpec(String policy, String sourceRegistry, Predicate<String> repositoryFilter,
                    Predicate<String> tagFilter, List<DestinationSpec> destinations, boolean override,
                    List<String> literalRepositories) {
        this(policy, sourceRegistry, repositoryFilter, tagFilter, destinations, override, literalRepositories,
                tags -> tags.stream().filter(tagFilter).toList());
    }

    /** The patterns themselves when none has a wildcard ({@code *}, {@code ?}); else empty (use the catalog). */
    public static List<String> literalNames(List<String> repositoryPatterns) {
        boolean literal = !repositoryPatterns.isEmpty() && repositoryPatterns.stream()
                .noneMatch(p -> p.indexOf('*') >= 0 || p.indexOf('?') >= 0);
        return literal ? repositoryPatterns.stream().distinct().toList() : List.of();
    }

    public PlanSpec {
        literalRepositories = List.copyOf(literalRepositories);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(sourceRegistry, "sourceRegistry");
        Objects.requireNonNull(repositoryFilter, "repositoryFilter");
        Objects.requireNonNull(tagFilter, "tagFilter");
        Objects.requireNonNull(tagSelection, "tagSelection");
        scope = scope == null ? CopyScope.ALL : scope;
        gate = gate == null ? ArtifactGate.OPEN : gate;
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("plan of policy " + policy + ": destinations must not be empty");
        }
    }
}
