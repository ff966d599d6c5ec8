package io.meridian.sync.transfer;

import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;

/** One destination of one artifact: the task it belongs to, where it goes, and its counters. */
public record CopyTarget(long taskId, GuardedRegistry registry, RepositoryName repository, TaskProgress progress) {
    public CopyTarget {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(progress, "progress");
    }

    @Override
    public String toString() {
        return registry.name() + "/" + repository.value();
    }
}
