package io.meridian.sync.batch;

/**
 * Shape of the replication job.
 *
 * @param artifactsPerWave      artifacts a partition copies between two commits (a crash redoes at most this many)
 * @param partitionConcurrency  source repositories transferred at the same time
 */
public record ReplicationJobSettings(int artifactsPerWave, int partitionConcurrency) {
    public static final ReplicationJobSettings DEFAULTS = new ReplicationJobSettings(32, 8);

    public ReplicationJobSettings {
        if (artifactsPerWave < 1) {
            throw new IllegalArgumentException("artifactsPerWave must be >= 1");
        }
        if (partitionConcurrency < 1) {
            throw new IllegalArgumentException("partitionConcurrency must be >= 1");
        }
    }
}
