package io.meridian.sync.p2p;

import java.util.List;
import java.util.Objects;

/**
 * What a preheat did, as recorded on the task ({@code tasks.preheat}). {@code state} is the worst of the jobs';
 * {@code peersWithAllLayers} the smallest count over the verified jobs (every platform warmed on at least that
 * many peers), -1 when unknown; {@code error} joins the jobs' errors.
 */
public record PreheatResult(String engine, List<String> jobIds, PreheatState state, int peersWithAllLayers,
                            long durationMillis, String error, List<PreheatJob> jobs) {

    public PreheatResult {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(state, "state");
        jobIds = List.copyOf(jobIds);
        jobs = List.copyOf(jobs);
    }

    /** Combines per-platform jobs into one result. */
    public static PreheatResult of(String engine, List<PreheatJob> jobs, long durationMillis) {
        PreheatState state = PreheatState.SUCCESS;
        int peers = Integer.MAX_VALUE;
        StringBuilder errors = new StringBuilder();
        for (PreheatJob j : jobs) {
            state = state.worse(j.state());
            if (j.state() == PreheatState.SUCCESS) {
                peers = Math.min(peers, j.peersWithAllLayers());
            }
            if (j.error() != null) {
                errors.append(errors.isEmpty() ? "" : "; ").append(j.platform() == null ? "" : j.platform() + ": ")
                        .append(j.error());
            }
        }
        if (jobs.isEmpty()) {
            state = PreheatState.FAILURE;
            errors.append("no preheat job was created");
        }
        List<String> ids = jobs.stream().map(PreheatJob::id).filter(Objects::nonNull).toList();
        return new PreheatResult(engine, ids, state, peers == Integer.MAX_VALUE ? -1 : peers, durationMillis,
                errors.isEmpty() ? null : errors.toString(), jobs);
    }

    /** A preheat that could not start (no credential, engine unreachable before any job): one FAILURE. */
    public static PreheatResult failed(String engine, String error, long durationMillis) {
        return new PreheatResult(engine, List.of(), PreheatState.FAILURE, -1, durationMillis, error, List.of());
    }
}
