package io.meridian.server.api.executions;

import java.time.OffsetDateTime;

/** One (artifact, destination) task of an execution. */
public record TaskView(long id, Artifact artifact, Destination destination, String state, long bytes, Error error,
                       OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    public record Artifact(String repository, String reference, String digest, String mediaType) {
    }

    public record Destination(String registry, String repository) {
    }

    /** The registry's own error code (or a Meridian code such as CIRCUIT_OPEN) and message. */
    public record Error(String code, String message) {
    }
}
