package io.meridian.policies;

import io.meridian.validation.InvalidDefinitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A validated policy, compiled once, answering the planner's questions: is this repository in,
 * which of a repository's tags are in, which digests are asked for, and what is a repository
 * called at a destination. Immutable and thread-safe.
 */
public final class PolicyEvaluator {

    /** The OCI distribution spec's practical limit on a repository name (registries enforce 255). */
    public static final int MAX_REPOSITORY_LENGTH = 255;

    private final Policy policy;
    private final List<RepositoryGlob> repositories;
    private final List<RepositoryGlob> excludedRepositories;
    private final List<TagPattern> includes;
    private final List<TagPattern> excludes;
    private final SemverRange semver;
    private final Integer latest;

    private PolicyEvaluator(Policy policy) {
        this.policy = policy;
        this.repositories = policy.source().repositories().stream().map(RepositoryGlob::compile).toList();
        this.excludedRepositories = policy.source().exclude().stream().map(RepositoryGlob::compile).toList();
        this.includes = policy.tags().include().stream().map(TagPattern::compile).toList();
        this.excludes = policy.tags().exclude().stream().map(TagPattern::compile).toList();
        this.semver = policy.tags().semver() == null ? null : SemverRange.compile(policy.tags().semver());
        this.latest = policy.tags().latest();
    }

    /**
     * Evaluation does not depend on how often a schedule fires, so a stored policy written under
     * a laxer {@code min-cron-interval} still evaluates.
     *
     * @throws InvalidDefinitionException listing every violation when the policy is invalid
     */
    public static PolicyEvaluator of(Policy policy) {
        var violations = PolicyValidator.validate(policy, Duration.ZERO);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException("policy", violations);
        }
        return new PolicyEvaluator(policy);
    }

    public Policy policy() {
        return policy;
    }

    /** Matched by some {@code source.repositories} glob and by no {@code source.exclude} glob. */
    public boolean matchesRepository(String repository) {
        for (RepositoryGlob glob : excludedRepositories) {
            if (glob.matches(repository)) {
                return false;
            }
        }
        for (RepositoryGlob glob : repositories) {
            if (glob.matches(repository)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The filters that can be decided one tag at a time: included by some {@code include}
     * pattern, excluded by none (exclude wins), inside the {@code semver} range when there is
     * one. {@code latest} needs the whole tag list: see {@link #selectTags(Collection)}.
     */
    public boolean matchesTag(String tag) {
        for (TagPattern exclude : excludes) {
            if (exclude.matches(tag)) {
                return false;
            }
        }
        if (semver != null && !semver.matches(tag)) {
            return false;
        }
        for (TagPattern include : includes) {
            if (include.matches(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tags of one repository this policy copies, given the repository's <b>full</b> tag list:
     * those that pass {@link #matchesTag(String)}, then, when {@code tags.latest} is N, the newest
     * N of them ({@link SemverTags#NEWEST_FIRST}). Without {@code latest} the order of
     * {@code allTags} is kept; with it, the result is newest first.
     */
    public List<String> selectTags(Collection<String> allTags) {
        List<String> selected = new ArrayList<>();
        for (String tag : allTags) {
            if (matchesTag(tag)) {
                selected.add(tag);
            }
        }
        if (latest == null) {
            return selected;
        }
        List<String> newest = SemverTags.newestFirst(selected);
        return List.copyOf(newest.subList(0, Math.min(latest, newest.size())));
    }

    /**
     * What to plan in one repository, given its full tag list: {@link #selectTags(Collection)},
     * then every {@code tags.digests} entry (a digest is planned like a tag; one the repository
     * lacks is simply not found at the source).
     */
    public List<String> references(Collection<String> allTags) {
        List<String> tags = selectTags(allTags);
        if (digests().isEmpty()) {
            return tags;
        }
        List<String> references = new ArrayList<>(tags);
        references.addAll(digests());
        return references;
    }

    /** {@code tags.digests}: manifests to copy by digest in every selected repository that has them. */
    public List<String> digests() {
        return policy.tags().digests();
    }

    /** True when {@code tags.latest} is set, so a tag's selection depends on the repository's other tags. */
    public boolean selectsLatest() {
        return latest != null;
    }

    /**
     * A destination's {@code rename} as a function of the source repository path (identity without one). Renaming
     * comes first; the namespace then prefixes the result.
     */
    public static java.util.function.UnaryOperator<String> rename(Destination destination) {
        if (destination.rename() == null) {
            return java.util.function.UnaryOperator.identity();
        }
        return RepositoryRename.compile(destination.rename())::apply;
    }

    /**
     * The repository name at {@code destination} for {@code sourceRepository}: the source path renamed by the
     * destination's {@code rename} when it has one, then under its namespace when it has one. (Whether the result is
     * a valid repository name is for the engine's repository-name type to say.)
     *
     * @throws IllegalArgumentException when the result would exceed the registry's name limit
     */
    public String destinationRepository(Destination destination, String sourceRepository) {
        String renamed = rename(destination).apply(sourceRepository);
        String name = destination.namespace() == null ? renamed : destination.namespace() + "/" + renamed;
        if (name.length() > MAX_REPOSITORY_LENGTH) {
            throw new IllegalArgumentException("destination repository for " + sourceRepository + " at registry "
                    + destination.registry() + " would be " + name.length() + " characters, more than " + MAX_REPOSITORY_LENGTH);
        }
        return name;
    }
}
