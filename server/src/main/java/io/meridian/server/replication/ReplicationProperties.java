package io.meridian.server.replication;

import io.meridian.sync.batch.ReplicationJobSettings;
import io.meridian.sync.resilience.ResilienceSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Limits and parallelism of the replication engine ({@code meridian.replication.*}). */
@Validated
@ConfigurationProperties("meridian.replication")
public class ReplicationProperties {

    /** Attempts per registry call, the first included; only 429, 5xx, I/O errors and timeouts are retried. */
    @Min(1)
    private int maxAttempts = 4;

    /** Wait before the first retry; it doubles with each attempt up to max-backoff. */
    @NotNull
    private Duration initialBackoff = Duration.ofMillis(200);

    /** Cap of the retry backoff, also applied to a registry's Retry-After. */
    @NotNull
    private Duration maxBackoff = Duration.ofSeconds(10);

    /** Bulkhead: calls and blob transfers in flight per registry. */
    @Min(1)
    private int maxConcurrentCallsPerRegistry = 64;

    /** How long a call waits for a free bulkhead slot before it fails. */
    @NotNull
    private Duration maxBulkheadWait = Duration.ofMinutes(10);

    /** Circuit breaker: percentage of failed calls (retryable errors) that opens a registry's circuit. */
    @DecimalMin("1")
    @DecimalMax("100")
    private float failureRateThreshold = 50f;

    /** Circuit breaker: calls recorded before the failure rate is judged. */
    @Min(1)
    private int circuitMinimumCalls = 10;

    /** Circuit breaker: how long an open circuit fails calls fast before it lets probes through. */
    @NotNull
    private Duration circuitOpenWait = Duration.ofSeconds(30);

    /** Requests per second per registry; 0 means no limit. */
    @DecimalMin("0")
    private double requestsPerSecondPerRegistry = 0;

    /** Bytes per second read from the source by one policy's execution; 0 means no cap. */
    @Min(0)
    private long bytesPerSecondPerPolicy = 0;

    /** Per-policy overrides of bytes-per-second-per-policy, keyed by policy name. */
    @NotNull
    private Map<String, Long> bytesPerSecondByPolicy = new LinkedHashMap<>();

    /** Artifacts copied at the same time across all executions. */
    @Min(1)
    private int artifactConcurrency = 32;

    /** Blob moves (HEAD, mount or stream) at the same time across all executions. */
    @Min(1)
    private int blobConcurrency = 64;

    /** Tags resolved (HEAD source + destinations) at the same time while planning. */
    @Min(1)
    @jakarta.validation.constraints.Max(256)
    private int planConcurrency = 64;

    /** Artifacts a repository partition copies between two commits; a crash redoes at most these. */
    @Min(1)
    private int artifactsPerWave = 32;

    /** Source repositories (job partitions) transferred at the same time per execution. */
    @Min(1)
    private int partitionConcurrency = 8;

    /** Executions running at the same time (different policies). */
    @Min(1)
    private int maxConcurrentExecutions = 4;

    /** Resume executions a dead process left unfinished: this node's previous life at start, other nodes' once their lease is stale. */
    private boolean resumeOnStart = true;

    public ResilienceSettings resilience() {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxConcurrentCallsPerRegistry,
                maxBulkheadWait, failureRateThreshold, circuitMinimumCalls, circuitOpenWait,
                requestsPerSecondPerRegistry);
    }

    public ReplicationJobSettings job() {
        return new ReplicationJobSettings(artifactsPerWave, partitionConcurrency);
    }

    public long bytesPerSecondFor(String policy) {
        return bytesPerSecondByPolicy.getOrDefault(policy, bytesPerSecondPerPolicy);
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public int getMaxConcurrentCallsPerRegistry() {
        return maxConcurrentCallsPerRegistry;
    }

    public void setMaxConcurrentCallsPerRegistry(int maxConcurrentCallsPerRegistry) {
        this.maxConcurrentCallsPerRegistry = maxConcurrentCallsPerRegistry;
    }

    public Duration getMaxBulkheadWait() {
        return maxBulkheadWait;
    }

    public void setMaxBulkheadWait(Duration maxBulkheadWait) {
        this.maxBulkheadWait = maxBulkheadWait;
    }

    public float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(float failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public int getCircuitMinimumCalls() {
        return circuitMinimumCalls;
    }

    public void setCircuitMinimumCalls(int circuitMinimumCalls) {
        this.circuitMinimumCalls = circuitMinimumCalls;
    }

    public Duration getCircuitOpenWait() {
        return circuitOpenWait;
    }

    public void setCircuitOpenWait(Duration circuitOpenWait) {
        this.circuitOpenWait = circuitOpenWait;
    }

    public double getRequestsPerSecondPerRegistry() {
        return requestsPerSecondPerRegistry;
    }

    public void setRequestsPerSecondPerRegistry(double requestsPerSecondPerRegistry) {
        this.requestsPerSecondPerRegistry = requestsPerSecondPerRegistry;
    }

    public long getBytesPerSecondPerPolicy() {
        return bytesPerSecondPerPolicy;
    }

    public void setBytesPerSecondPerPolicy(long bytesPerSecondPerPolicy) {
        this.bytesPerSecondPerPolicy = bytesPerSecondPerPolicy;
    }

    public Map<String, Long> getBytesPerSecondByPolicy() {
        return bytesPerSecondByPolicy;
    }

    public void setBytesPerSecondByPolicy(Map<String, Long> bytesPerSecondByPolicy) {
        this.bytesPerSecondByPolicy = bytesPerSecondByPolicy;
    }

    public int getArtifactConcurrency() {
        return artifactConcurrency;
    }

    public void setArtifactConcurrency(int artifactConcurrency) {
        this.artifactConcurrency = artifactConcurrency;
    }

    public int getBlobConcurrency() {
        return blobConcurrency;
    }

    public void setBlobConcurrency(int blobConcurrency) {
        this.blobConcurrency = blobConcurrency;
    }

    public int getPlanConcurrency() {
        return planConcurrency;
    }

    public void setPlanConcurrency(int planConcurrency) {
        this.planConcurrency = planConcurrency;
    }

    public int getArtifactsPerWave() {
        return artifactsPerWave;
    }

    public void setArtifactsPerWave(int artifactsPerWave) {
        this.artifactsPerWave = artifactsPerWave;
    }

    public int getPartitionConcurrency() {
        return partitionConcurrency;
    }

    public void setPartitionConcurrency(int partitionConcurrency) {
        this.partitionConcurrency = partitionConcurrency;
    }

    public int getMaxConcurrentExecutions() {
        return maxConcurrentExecutions;
    }

    public void setMaxConcurrentExecutions(int maxConcurrentExecutions) {
        this.maxConcurrentExecutions = maxConcurrentExecutions;
    }

    public boolean isResumeOnStart() {
        return resumeOnStart;
    }

    public void setResumeOnStart(boolean resumeOnStart) {
        this.resumeOnStart = resumeOnStart;
    }
}
