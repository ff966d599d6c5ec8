package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.P2pException;
import io.meridian.sync.p2p.PreheatJob;
import io.meridian.sync.p2p.PreheatResult;
import io.meridian.sync.p2p.PreheatSettings;
import io.meridian.sync.p2p.PreheatState;
import io.meridian.sync.p2p.PreheatTarget;
import io.meridian.sync.p2p.Preheater;
import io.meridian.sync.p2p.internal.EngineCalls;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preheats through the Dragonfly Manager Open API: one {@code preheat} job per platform (Harbor sends none and
 * Dragonfly then warms only its own host's architecture), always with {@code scheduler_cluster_ids}; follows each job
 * to SUCCESS / FAILURE with capped exponential backoff inside an overall timeout; then verifies (see
 * {@link WarmUpCheck}).
 */
public final class DragonflyPreheater implements Preheater {

    private static final Logger LOG = LoggerFactory.getLogger(DragonflyPreheater.class);

    private final EngineSpec spec;
    private final EngineHttp http;
    private final EngineCalls calls;
    private final PreheatSettings settings;

    public DragonflyPreheater(EngineSpec spec, EngineHttp http, EngineCalls calls, PreheatSettings settings) {
        this.spec = spec;
        this.http = http;
        this.calls = calls;
        this.settings = settings;
    }

    @Override
    public EngineSpec engine() {
        return spec;
    }

    @Override
    public boolean healthy() {
        try {
            return new Healthy().execute(http);
        } catch (P2pException e) {
            return false;
        }
    }

    @Override
    public PreheatResult preheat(PreheatTarget target) {
        long start = System.nanoTime();
        List<String> platforms = platforms(target);
        if (platforms.isEmpty()) {
            return PreheatResult.failed(spec.name(), "the index of " + target + " has none of the engine's platforms "
                    + spec.platforms(), millisSince(start));
        }
        Map<String, String> headers = target.credential().authorization()
                .map(v -> Map.of("Authorization", v)).orElse(Map.of());
        // Submit every platform first (under the engine's rate limit), then follow them side by side.
        List<Submitted> submitted = new ArrayList<>();
        for (String platform : platforms) {
            CreatePreheatJob create = new CreatePreheatJob(target.manifestUrl(), platform, spec.scope().wire(),
                    headers, spec.schedulerClusterIds());
            try {
                DragonflyJob job = calls.create("create preheat job", () -> create.execute(http));
                LOG.info("Dragonfly {}: preheat job {} for {} ({}) created, state {}", spec.name(), job.id(), target,
                        platform == null ? "single platform" : platform, job.state());
                submitted.add(new Submitted(platform, job, null));
            } catch (P2pException e) {
                LOG.warn("Dragonfly {}: {}", spec.name(), e.getMessage());
                submitted.add(new Submitted(platform, null, e.getMessage()));
            }
        }
        long deadline = start + settings.timeout().toNanos();
        List<PreheatJob> jobs = new ArrayList<>();
        WarmUpCheck check = new WarmUpCheck(spec, http, calls);
        for (Submitted s : submitted) {
            if (s.job() == null) {
                jobs.add(new PreheatJob(null, s.platform(), PreheatState.FAILURE, -1, -1, -1, s.error()));
                continue;
            }
            jobs.add(followAndVerify(target, s, headers, deadline, check));
        }
        PreheatResult result = PreheatResult.of(spec.name(), jobs, millisSince(start));
        LOG.info("Dragonfly {}: preheat of {} ended {} ({} ms, jobs {})", spec.name(), target, result.state(),
                result.durationMillis(), result.jobIds());
        return result;
    }

    private PreheatJob followAndVerify(PreheatTarget target, Submitted s, Map<String, String> headers, long deadline,
                                       WarmUpCheck check) {
        String id = Long.toString(s.job().id());
        DragonflyJob job;
        try {
            job = follow(s.job(), deadline);
        } catch (P2pException e) {
            return new PreheatJob(id, s.platform(), PreheatState.FAILURE, -1, -1, -1, e.getMessage());
        }
        if (!job.finished()) {
            return new PreheatJob(id, s.platform(), PreheatState.FAILURE, -1, -1, -1, "job " + id + " still "
                    + job.state() + " after the preheat timeout of " + settings.timeout());
        }
        if (DragonflyJob.FAILURE.equals(job.state())) {
            String why = job.firstError();
            return new PreheatJob(id, s.platform(), PreheatState.FAILURE, -1, -1, -1, "job " + id + " FAILURE"
                    + (why == null ? "" : ": " + why));
        }
        try {
            return check.verify(target, s.platform(), headers, job);
        } catch (P2pException e) {
            return new PreheatJob(id, s.platform(), PreheatState.PREHEAT_UNVERIFIED, -1, -1, -1,
                    "job " + id + " SUCCESS, but the warm-up could not be checked: " + e.getMessage());
        }
    }

    /** Polls until SUCCESS / FAILURE or the deadline; transient errors while polling are waited out. */
    private DragonflyJob follow(DragonflyJob job, long deadline) {
        Duration delay = settings.pollInitial();
        DragonflyJob current = job;
        while (!current.finished()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return current;
            }
            sleep(Math.min(delay.toNanos(), left));
            delay = delay.multipliedBy(2).compareTo(settings.pollMax()) > 0 ? settings.pollMax() : delay.multipliedBy(2);
            try {
                current = new GetJob(job.id()).execute(http);
            } catch (P2pException e) {
                if (!e.retryable()) {
                    throw e;
                }
                LOG.debug("Dragonfly {}: polling job {} failed, will retry: {}", spec.name(), job.id(), e.getMessage());
            }
        }
        return current;
    }

    private List<String> platforms(PreheatTarget target) {
        if (!target.isIndex()) {
            return java.util.Collections.singletonList(null);
        }
        if (spec.platforms().isEmpty()) {
            return target.platforms();
        }
        return target.platforms().stream().filter(spec.platforms()::contains).toList();
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new P2pException("preheat interrupted", -1, false, null, e);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Submitted(String platform, DragonflyJob job, String error) {
    }
}
