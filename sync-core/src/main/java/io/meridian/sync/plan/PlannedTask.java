package io.meridian.sync.plan;

import java.util.Objects;

/**
 * One (artifact, destination) decision of the planner, as persisted in {@code tasks}.
 *
 * @param digest     the source digest the tag resolved to (null when the source HEAD failed)
 * @param errorCode  set for FAILED (and CONFLICT: the destination's digest is in the message)
 */
public record PlannedTask(String sourceRepository, String reference, String digest, String mediaType,
                          long destinationRegistryId, String destinationRepository, TaskState state,
                          String errorCode, String errorMessage) {
    public PlannedTask {
        Objects.requireNonNull(sourceRepository, "sourceRepository");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(destinationRepository, "destinationRepository");
        Objects.requireNonNull(state, "state");
    }
}
