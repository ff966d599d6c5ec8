package io.meridian.server.api.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code GET /api/v1/executions/{id}}: an execution and its summary.
 *
 * @param policyVersion the policy version the execution ran ({@code GET /api/v1/policies/{policy}/versions/{n}});
 *                      absent for executions older than versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(String id, String policy, Integer policyVersion, String status, String trigger, OffsetDateTime createdAt,
                            OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMillis, Summary summary,
                            String error) {

    public record Summary(Artifacts artifacts, Blobs blobs, Bytes bytes) {
    }

    /**
     * Counted per (artifact, destination) task; conflicts are tags left alone because override is false; deleted are
     * destination tags removed in mirror mode ({@code "deletes": true}).
     */
    public record Artifacts(long total, long copied, long skipped, long failed, long conflicts, long deleted) {
    }

    public record Blobs(long copied, long mounted, long skipped) {
    }

    public record Bytes(long read, long written, List<RegistryBytes> byRegistry) {
    }

    public record RegistryBytes(String registry, long read, long written) {
    }
}
