package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.TaskState;
import java.util.Objects;

/**
 * A pending task as the transfer step reads it: one (artifact, destination).
 *
 * @param digest the digest the planner resolved the tag to: what is copied (the tag is not looked up again)
 * @param action the planner's action name ({@code copy}, {@code backup}, …), null for rows planned before actions
 */
public record TaskRow(long id, RepositoryName sourceRepository, Reference reference, Digest digest,
                      long destinationRegistryId, RepositoryName destinationRepository, TaskState state, String action) {

    public TaskRow(long id, RepositoryName sourceRepository, Reference reference, Digest digest,
                   long destinationRegistryId, RepositoryName destinationRepository, TaskState state) {
        this(id, sourceRepository, reference, digest, destinationRegistryId, destinationRepository, state, null);
    }

    public TaskRow {
        Objects.requireNonNull(sourceRepository, "sourceRepository");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(destinationRepository, "destinationRepository");
        Objects.requireNonNull(state, "state");
    }
}
