package io.meridian.sync.transfer;

import io.meridian.regions.paths.PathRule;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;
import java.util.Set;

/**
 * Where one attempt of a blob transfer goes: a source GET or one destination upload session, numbered from 1 per
 * blob and side. Today every attempt goes to the registry it was planned for ({@link Routes#DIRECT}); this value is
 * the seam where the endpoints issue chooses a network endpoint (public, VPC, accelerated) per attempt, so a retry
 * can take another path.
 *
 * @param registry   the registry handle (client, guard) the attempt talks to
 * @param repository the repository inside it
 * @param attempt    1 for the first attempt of this blob on this side, 2 for its first retry, …
 */
public record AttemptTarget(GuardedRegistry registry, RepositoryName repository, int attempt) {

    public AttemptTarget {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
    }

    /** Chooses the target of each attempt. */
    @FunctionalInterface
    public interface Routes {

        /** Every attempt straight to the planned registry. */
        Routes DIRECT = AttemptTarget::new;

        AttemptTarget route(GuardedRegistry planned, RepositoryName repository, int attempt);

        /**
         * As above, knowing the work ({@code work}: the blob), the policy's constraint on this destination's
         * endpoints and the endpoints that already failed earlier attempts of this blob ({@code failed}), which a
         * retry should leave for another while one is usable.
         *
         * @throws NoPathException when no endpoint may be used
         */
        default AttemptTarget route(GuardedRegistry planned, RepositoryName repository, int attempt, Work work,
                                    PathRule rule, Set<String> failed) {
            return route(planned, repository, attempt);
        }
    }
}
