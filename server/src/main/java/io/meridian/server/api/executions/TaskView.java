package io.meridian.server.api.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * One (artifact, destination) task of an execution.
 *
 * @param action    what the planner decided (copy, skip, overwrite, backup, conflict, rewrite, …; the preview's
 *                  actions); null for tasks planned before actions were recorded
 * @param rewritten platforms.mode rewrite: the source index's digest and the digest of the index written instead;
 *                  null (omitted) otherwise
 * @param preheat   what the preheat step did for it, as recorded: {@code {"engine","jobIds","state",
 *                  "peersWithAllLayers","durationMillis","error","jobs":[…]}}; absent when no preheat was asked
 */
public record TaskView(long id, Artifact artifact, Destination destination, String state, long bytes, Error error,
                       OffsetDateTime startedAt, OffsetDateTime finishedAt, Path path, String action,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Rewritten rewritten,
                       @JsonInclude(JsonInclude.Include.NON_NULL) tools.jackson.databind.JsonNode preheat) {

    /** The index a task wrote in place of the source's: {@code sourceDigest} → {@code digest}. */
    public record Rewritten(String sourceDigest, String digest) {
    }

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
