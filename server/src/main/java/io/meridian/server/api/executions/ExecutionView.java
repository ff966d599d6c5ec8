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

    /** @param preheat the preheats of the copied artifacts by outcome; absent when none was asked */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(Artifacts artifacts, Blobs blobs, Bytes bytes, Preheats preheat) {
    }

    /**
     * Preheat outcomes (issue 12): a problem here never fails the execution, it is counted. {@code unverified}: the
     * engine said done but nothing showed the image cached (or the engine cannot tell).
     */
    public record Preheats(long succeeded, long unverified, long failed) {
    }

    /** Counted per (artifact, destination) task; conflicts are tags left alone because override is false. */
    public record Artifacts(long total, long copied, long skipped, long failed, long conflicts) {
    }

    public record Blobs(long copied, long mounted, long skipped) {
    }

    public record Bytes(long read, long written, List<RegistryBytes> byRegistry) {
    }

    public record RegistryBytes(String registry, long read, long written) {
    }
}
