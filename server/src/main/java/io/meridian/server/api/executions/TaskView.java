package io.meridian.server.api.executions;

import java.time.OffsetDateTime;

/**
 * One (artifact, destination) task of an execution.
 *
 * @param preheat what the preheat step did for it, as recorded: {@code {"engine","jobIds","state",
 *                "peersWithAllLayers","durationMillis","error","jobs":[…]}}; absent when no preheat was asked
 */
public record TaskView(long id, Artifact artifact, Destination destination, String state, long bytes, Error error,
                       OffsetDateTime startedAt, OffsetDateTime finishedAt, Path path,
                       @com.fasterxml.jackson.annotation.JsonInclude(
                               com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       tools.jackson.databind.JsonNode preheat) {

    public record Artifact(String repository, String reference, String digest, String mediaType) {
    }

    public record Destination(String registry, String repository) {
    }

    /**
     * How the task travels, decided by the route step: endpoints as {@code <registry>/<endpoint>},
     * why, and endpoints given up on before this one; null until routed (or never needed).
     */
    public record Path(String source, String destination, String reason, int failovers) {
    }

    /** The registry's own error code (or a Meridian code such as CIRCUIT_OPEN) and message. */
    public record Error(String code, String message) {
    }
}
