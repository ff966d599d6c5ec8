package io.meridian.server.api.executions;

import java.util.List;

/**
 * The {@code execution} event of {@code GET /api/v1/executions/{id}/events}: the execution's
 * status, how far it is (tasks finished of all tasks, 0–100; 100 once it ended other than
 * STOPPED), its counts and bytes, and per registry the bytes and the recent throughput.
 *
 * @param progress 0–100
 */
public record ExecutionProgress(String id, String policy, String status, boolean finished, int progress,
                                ExecutionView.Artifacts artifacts, long bytesRead, long bytesWritten,
                                List<RegistryThroughput> registries, Long durationMillis, String error) {

    /**
     * Bytes moved to ({@code written}) and from ({@code read}) one registry so far, and per second
     * over the last few seconds (the whole run once it finished).
     */
    public record RegistryThroughput(String registry, long read, long written, double readPerSecond,
                                     double writtenPerSecond) {
    }

    static boolean terminal(String status) {
        return !(status.equals("WAITING") || status.equals("QUEUED") || status.equals("RUNNING")
                || status.equals("STOPPING"));
    }

    static int progress(ExecutionView view) {
        if (terminal(view.status()) && !view.status().equals("STOPPED")) {
            return 100;
        }
        ExecutionView.Artifacts a = view.summary().artifacts();
        if (a.total() == 0) {
            return 0;
        }
        long done = a.copied() + a.skipped() + a.failed() + a.conflicts();
        return (int) Math.min(100, done * 100 / a.total());
    }
}
