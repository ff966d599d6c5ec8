package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.PreheatJob;
import io.meridian.sync.p2p.PreheatState;
import io.meridian.sync.p2p.PreheatTarget;
import io.meridian.sync.p2p.internal.EngineCalls;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a preheat that Dragonfly calls SUCCESS: asks {@code get_image_distribution} which peers hold which of
 * the image's layers. The manager lists normal peers only, while the seed-peer scopes warm seed peers; those are
 * counted from the preheat job's own {@code success_tasks} (host + layer URL). A peer counts when it holds every
 * layer; none → {@link PreheatState#PREHEAT_UNVERIFIED}.
 */
final class WarmUpCheck {

    private final EngineSpec spec;
    private final EngineHttp http;
    private final EngineCalls calls;

    WarmUpCheck(EngineSpec spec, EngineHttp http, EngineCalls calls) {
        this.spec = spec;
        this.http = http;
        this.calls = calls;
    }

    PreheatJob verify(PreheatTarget target, String platform, Map<String, String> headers, DragonflyJob job) {
        String id = Long.toString(job.id());
        GetImageDistribution ask = new GetImageDistribution(target.manifestUrl(), platform, headers,
                spec.schedulerClusterIds());
        ImageDistribution d = calls.create("get image distribution", () -> ask.execute(http));
        List<String> layers = d.layers();
        if (layers.isEmpty()) {
            return new PreheatJob(id, platform, PreheatState.PREHEAT_UNVERIFIED, 0, 0, 0,
                    "job " + id + " SUCCESS, but Dragonfly lists no layer for the image");
        }
        Map<String, Set<String>> held = new HashMap<>();
        for (ImageDistribution.Peer p : d.peers()) {
            held.computeIfAbsent(p.ip() + "/" + p.hostname(), k -> new HashSet<>()).addAll(p.cachedLayers());
        }
        for (DragonflyJob.TaskState t : job.jobStates()) {
            for (DragonflyJob.Host h : t.succeeded()) {
                held.computeIfAbsent(h.ip() + "/" + h.hostname(), k -> new HashSet<>()).add(h.url());
            }
        }
        int withAll = (int) held.values().stream().filter(s -> s.containsAll(layers)).count();
        int cached = (int) layers.stream().filter(l -> held.values().stream().anyMatch(s -> s.contains(l))).count();
        if (withAll == 0) {
            return new PreheatJob(id, platform, PreheatState.PREHEAT_UNVERIFIED, layers.size(), cached, 0,
                    "job " + id + " SUCCESS, but no peer holds all " + layers.size() + " layers (" + cached
                            + " cached somewhere)");
        }
        return new PreheatJob(id, platform, PreheatState.SUCCESS, layers.size(), cached, withAll, null);
    }
}
