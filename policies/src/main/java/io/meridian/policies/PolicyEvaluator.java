package io.meridian.policies;

import io.meridian.validation.InvalidDefinitionException;
import java.util.List;

/**
 * A validated policy, compiled once, answering the planner's questions: is this repository in,
 * is this tag in, and what is it called at a destination. Immutable and thread-safe.
 */
public final class PolicyEvaluator {

    /** The OCI distribution spec's practical limit on a repository name (registries enforce 255). */
    public static final int MAX_REPOSITORY_LENGTH = 255;

    private final Policy policy;
    private final List<RepositoryGlob> repositories;
    private final List<TagPattern> includes;
    private final List<TagPattern> excludes;

    private PolicyEvaluator(Policy policy) {
        this.policy = policy;
        this.repositories = policy.source().repositories().stream().map(RepositoryGlob::compile).toList();
        this.includes = policy.tags().include().stream().map(TagPattern::compile).toList();
        this.excludes = policy.tags().exclude().stream().map(TagPattern::compile).toList();
    }

    /** @throws InvalidDefinitionException listing every violation when the policy is invalid */
    public static PolicyEvaluator of(Policy policy) {
        var violations = PolicyValidator.validate(policy);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException("policy", violations);
        }
        return new PolicyEvaluator(policy);
    }

    public Policy policy() {
        return policy;
    }

    public boolean matchesRepository(String repository) {
        for (RepositoryGlob glob : repositories) {
            if (glob.matches(repository)) {
                return true;
            }
        }
        return false;
    }

    /** Included by some {@code include} pattern and excluded by none: exclude always wins. */
    public boolean matchesTag(String tag) {
        for (TagPattern exclude : excludes) {
            if (exclude.matches(tag)) {
                return false;
            }
        }
        for (TagPattern include : includes) {
            if (include.matches(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The repository name at {@code destination} for {@code sourceRepository}: the same name, under
     * the destination's namespace when it has one.
     *
     * @throws IllegalArgumentException when the result would exceed the registry's name limit
     */
    public String destinationRepository(Destination destination, String sourceRepository) {
        String name = destination.namespace() == null ? sourceRepository : destination.namespace() + "/" + sourceRepository;
        if (name.length() > MAX_REPOSITORY_LENGTH) {
            throw new IllegalArgumentException("destination repository for " + sourceRepository + " at registry "
                    + destination.registry() + " would be " + name.length() + " characters, more than " + MAX_REPOSITORY_LENGTH);
        }
        return name;
    }
}
