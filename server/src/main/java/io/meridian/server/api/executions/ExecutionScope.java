package io.meridian.server.api.executions;

import com.google.re2j.Pattern;
import io.meridian.policies.Policy;
import io.meridian.policies.Source;
import io.meridian.policies.TagFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Narrows one execution of a policy to the repositories and tags that caused it (a registry's
 * push events). The execution's {@code policy_snapshot} becomes the policy with
 * {@code source.repositories} = the exact repositories and {@code tags.include} = the exact tags
 * (quoted as regular expressions), the original excludes, semver range and digests kept (a
 * policy with {@code tags.latest} keeps its whole tag filter); the engine plans from that
 * snapshot, so it needs to know nothing about scopes.
 *
 * <p>Repositories and tags are narrowed independently, so pairs (a, v1) and (b, v2) also admit
 * a:v2 and b:v1 when those exist: a superset of the pushed pairs, still inside the policy (each
 * repository and tag matched it), and an unchanged artifact costs only a HEAD.
 *
 * @param repositories exact repository names, at least one
 * @param tags         exact tags, at least one
 */
public record ExecutionScope(SortedSet<String> repositories, SortedSet<String> tags) {

    public ExecutionScope {
        Objects.requireNonNull(repositories, "repositories");
        Objects.requireNonNull(tags, "tags");
        if (repositories.isEmpty() || tags.isEmpty()) {
            throw new IllegalArgumentException("an execution scope needs at least one repository and one tag");
        }
        repositories = Collections.unmodifiableSortedSet(new TreeSet<>(repositories));
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    }

    /** For logs: the counts and the first few names, never thousands of them. */
    public String summary() {
        return repositories.size() + " repositories " + abbreviate(repositories) + ", " + tags.size() + " tags "
                + abbreviate(tags);
    }

    private static String abbreviate(SortedSet<String> names) {
        return names.size() <= 5 ? names.toString() : names.stream().limit(5).toList().toString().replace("]", ", ...]");
    }

    /** The policy as this execution will run it. */
    public Policy narrow(Policy policy) {
        List<String> include = new ArrayList<>(tags.size());
        tags.forEach(tag -> include.add(Pattern.quote(tag)));
        Source source = new Source(policy.source().registry(), List.copyOf(repositories), policy.source().exclude());
        // tags.latest picks from a repository's whole tag list, so a scope narrows only its
        // repositories: the run re-selects the newest N there (unchanged ones cost a HEAD).
        TagFilter tags = policy.tags().latest() != null ? policy.tags() : policy.tags().withInclude(include);
        return policy.withSourceAndTags(source, tags);
    }
}
