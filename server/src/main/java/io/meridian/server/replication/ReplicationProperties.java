package io.meridian.server.replication;

import io.meridian.sync.batch.ReplicationJobSettings;
import io.meridian.sync.resilience.ResilienceSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and parallelism of the replication engine ({@code meridian.replication.*}). Unknown keys
 * under this prefix fail the start, so a setting spelled the old flat way (e.g.
 * {@code meridian.replication.max-attempts}, now {@code meridian.replication.resilience.max-attempts}) is
 * reported instead of silently ignored.
 *
 * @param resilience       Retry, bulkhead, circuit breaker and rate limit around every call to a registry.
 * @param pools            Threads of the engine, shared by all executions.
 * @param bandwidth        Caps on the bytes read from the source per policy.
 * @param artifactsPerWave Artifacts a repository partition copies between two commits; a crash redoes at most these.
 * @param resumeOnStart    Resume executions a dead process left unfinished: this node's previous life at start,
 *                         other nodes' once their lease is stale.
 * @param queue            Execution slots per registry: how many executions may use one registry at once, and so
 *                         where a policy's priority orders executions.
 */
@Validated
@ConfigurationProperties(prefix = "meridian.replication", ignoreUnknownFields = false)
public record ReplicationProperties(
        @Valid @DefaultValue Resilience resilience,
        @Valid @DefaultValue Pools pools,
        @Valid @DefaultValue Bandwidth bandwidth,
        @Min(1) @DefaultValue("32") int artifactsPerWave,
        @DefaultValue("true") boolean resumeOnStart,
        @Valid @DefaultValue Queue queue) {

    /** The shape of the Spring Batch replication job. */
    public ReplicationJobSettings job() {
        return new ReplicationJobSettings(artifactsPerWave, pools.partitionConcurrency());
    }

    /** Bytes per second the named policy may read from its source; 0 means no cap. */
    public long bytesPerSecondFor(String policy) {
        return bandwidth.bytesPerSecondByPolicy().getOrDefault(policy, bandwidth.bytesPerSecondPerPolicy());
    }

    /**
     * {@code meridian.replication.resilience.*}: Resilience4j around every registry call; only 429, 5xx,
     * I/O errors and timeouts count as failures and are retried.
     *
     * @param maxAttempts    Attempts per registry call, the first included; only 429, 5xx, I/O errors and
     *                       timeouts are retried.
     * @param initialBackoff Wait before the first retry; it doubles with each attempt up to max-backoff.
     * @param maxBackoff     Cap of the retry backoff, also applied to a registry's Retry-After.
     * @param bulkhead       Calls in flight per registry.
     * @param circuitBreaker When a registry's circuit opens and for how long.
     * @param rateLimit      Requests per second per registry.
     */
    public record Resilience(
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DefaultValue("10s") Duration maxBackoff,
            @Valid @DefaultValue Bulkhead bulkhead,
            @Valid @DefaultValue CircuitBreaker circuitBreaker,
            @Valid @DefaultValue RateLimit rateLimit) {

        /** The engine's form of these settings (validated again there). */
        public ResilienceSettings settings() {
            return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, bulkhead.maxConcurrentCalls(),
                    bulkhead.maxWait(), circuitBreaker.failureRateThreshold(), circuitBreaker.minimumCalls(),
                    circuitBreaker.openWait(), rateLimit.requestsPerSecond());
        }
    }

    /**
     * {@code meridian.replication.resilience.bulkhead.*}.
     *
     * @param maxConcurrentCalls Calls and blob transfers in flight per registry.
     * @param maxWait            How long a call waits for a free bulkhead slot before it fails.
     */
    public record Bulkhead(
            @Min(1) @DefaultValue("64") int maxConcurrentCalls,
            @NotNull @DefaultValue("10m") Duration maxWait) {
    }

    /**
     * {@code meridian.replication.resilience.circuit-breaker.*}.
     *
     * @param failureRateThreshold Percentage of failed calls (retryable errors) that opens a registry's circuit.
     * @param minimumCalls         Calls recorded before the failure rate is judged.
     * @param openWait             How long an open circuit fails calls fast before it lets probes through.
     */
    public record CircuitBreaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @Min(1) @DefaultValue("20") int minimumCalls,
            @NotNull @DefaultValue("30s") Duration openWait) {
    }

    /**
     * {@code meridian.replication.resilience.rate-limit.*}.
     *
     * @param requestsPerSecond Requests per second per registry; 0 means no limit.
     */
    public record RateLimit(@DecimalMin("0") @DefaultValue("0") double requestsPerSecond) {
    }

    /**
     * {@code meridian.replication.pools.*}: bounded thread pools shared by all executions.
     *
     * @param artifactConcurrency  Artifacts copied at the same time across all executions.
     * @param blobConcurrency      Blob moves (HEAD, mount or stream) at the same time across all executions.
     * @param planConcurrency      Tags resolved (HEAD source + destinations) at the same time while planning.
     * @param partitionConcurrency Source repositories (job partitions) transferred at the same time per execution.
     * @param executionConcurrency Executions running at the same time (different policies).
     * @param shutdownTimeout      On shutdown, how long running replication work may take to finish before it is
     *                             interrupted.
     */
    public record Pools(
            @Min(1) @DefaultValue("32") int artifactConcurrency,
            @Min(1) @DefaultValue("64") int blobConcurrency,
            @Min(1) @Max(256) @DefaultValue("64") int planConcurrency,
            @Min(1) @DefaultValue("8") int partitionConcurrency,
            @Min(1) @DefaultValue("4") int executionConcurrency,
            @NotNull @DefaultValue("10s") Duration shutdownTimeout) {
    }

    /**
     * {@code meridian.replication.bandwidth.*}.
     *
     * @param bytesPerSecondPerPolicy Bytes per second read from the source by one policy's execution; 0 means no cap.
     * @param bytesPerSecondByPolicy  Per-policy overrides of bytes-per-second-per-policy, keyed by policy name.
     */
    public record Bandwidth(
            @Min(0) @DefaultValue("0") long bytesPerSecondPerPolicy,
            @NotNull @DefaultValue Map<String, @Min(0) Long> bytesPerSecondByPolicy) {

        public Bandwidth {
            bytesPerSecondByPolicy = Map.copyOf(bytesPerSecondByPolicy == null ? Map.of() : bytesPerSecondByPolicy);
        }
    }

    /**
     * {@code meridian.replication.queue.*}: an execution starts only when every registry it reads or writes has a
     * free execution slot; executions waiting for the same registry start by policy priority (higher first), then
     * oldest first. Counted in the database, so the slots hold across every node sharing it.
     *
     * @param executionsPerRegistry Executions that may use one registry (as source or destination) at the same time;
     *                              0 means no limit.
     * @param executionsByRegistry  Per-registry overrides of executions-per-registry, keyed by registry name.
     * @param pollInterval          How often a node looks for queued runs to start (a run also starts at once when
     *                              it is triggered with free slots).
     */
    public record Queue(
            @Min(0) @DefaultValue("0") int executionsPerRegistry,
            @NotNull @DefaultValue Map<String, @Min(0) Integer> executionsByRegistry,
            @NotNull @DefaultValue("500ms") Duration pollInterval) {

        public Queue {
            executionsByRegistry = Map.copyOf(executionsByRegistry == null ? Map.of() : executionsByRegistry);
        }

        /** Slots of the named registry; 0: no limit. */
        public int slotsOf(String registry) {
            return executionsByRegistry.getOrDefault(registry, executionsPerRegistry);
        }
    }
}
