package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A policy's own caps, enforced per execution across all of its partitions (every source
 * repository the execution copies in parallel shares them), not per worker thread:
 * {@code {"bytesPerSecond": 10485760, "parallelArtifacts": 4}}.
 *
 * @param bytesPerSecond    bytes per second the execution reads from its source, all partitions
 *                          together; null: {@code meridian.replication.bandwidth.*} decides
 * @param parallelArtifacts artifacts the execution copies at the same time, all partitions
 *                          together; null: only the engine's shared pools limit it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"bytesPerSecond", "parallelArtifacts"})
public record Limits(Long bytesPerSecond, Integer parallelArtifacts) {

    /** A cap below this would make every blob crawl; say so instead of accepting it. */
    public static final long MIN_BYTES_PER_SECOND = 1024;
    public static final int MAX_PARALLEL_ARTIFACTS = 1024;
}
