package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import java.util.List;
import java.util.Objects;

/**
 * The transfer step's item: one artifact of the partition's source repository with its pending
 * tasks (one per destination), copied to all of them at once so the source is read once.
 *
 * @param digest what the planner resolved the tag to; this digest is what is copied
 */
public record PendingArtifact(RepositoryName repository, Reference reference, Digest digest, List<TaskRow> tasks) {
    public PendingArtifact {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(reference, "reference");
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("artifact " + repository.value() + ":" + reference + " has no task");
        }
    }
}
