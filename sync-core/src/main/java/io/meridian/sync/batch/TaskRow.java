package io.meridian.sync.batch;

import io.meridian.sync.plan.TaskState;

/** A task as the transfer step reads it. */
public record TaskRow(long id, String sourceRepository, String reference, String digest,
                      long destinationRegistryId, String destinationRepository, TaskState state) {
}
