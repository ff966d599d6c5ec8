package io.meridian.sync.transfer;

import io.meridian.regions.paths.PathRule;
import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;

/**
 * One destination of one artifact: the task it belongs to, where it goes, and its counters; {@code paths} is the
 * policy's constraint on the destination's endpoints. Its {@code registry} is {@link GuardedRegistry#pinned} for the
 * task: HEAD, mount and manifest calls go to the endpoint its blobs go to.
 */
public record CopyTarget(long taskId, GuardedRegistry registry, RepositoryName repository, TaskProgress progress,
                         PathRule paths) {

    public CopyTarget(long taskId, GuardedRegistry registry, RepositoryName repository, TaskProgress progress) {
        this(taskId, registry, repository, progress, PathRule.ANY);
    }

    public CopyTarget {
        paths = paths == null ? PathRule.ANY : paths;
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(progress, "progress");
        registry = registry.under(paths).pinned(); // the task's requests follow its bytes' endpoint
    }

    @Override
    public String toString() {
        return registry.name() + "/" + repository.value();
    }
}
