package io.meridian.bench.runner;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.meridian.MeridianApi;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meridian over its REST API: per run a source registry, the destinations and a policy ({@code **}, all tags) are
 * created (not timed); the time is from {@code POST /policies/{name}/executions} to a terminal status seen by polling
 * {@code GET /executions/{id}} (every 20 ms at first, growing to 200 ms: see
 * {@link MeridianApi#awaitTerminal}).
 */
public final class MeridianCopier implements Copier {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private final String name;
    private final MeridianApi api;

    public MeridianCopier(MeridianApi api) {
        this("meridian", api);
    }

    /** A Meridian runner under another name ({@code meridian-baseline}: the build a change is compared against). */
    public MeridianCopier(String name, MeridianApi api) {
        this.name = name;
        this.api = api;
    }

    @Override
    public String name() {
        return name;
    }

    /** Registers the registries and the policy; returns the policy name. */
    public String prepare(Target target) {
        int run = RUNS.incrementAndGet();
        String suffix = run + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        api.ensureRegion("bench");
        String source = "src-" + suffix;
        api.createRegistry(source, "bench", "http://" + target.source());
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < target.destinations().size(); i++) {
            String name = "dst-" + suffix + "-" + i;
            api.createRegistry(name, "bench", "http://" + target.destinations().get(i));
            destinations.add(name);
        }
        String policy = "bench-" + suffix;
        api.createPolicy(policy, source, destinations);
        return policy;
    }

    /** Runs an already prepared policy once (timed). */
    public Outcome execute(String policy) {
        long start = System.nanoTime();
        String id = api.startExecution(policy);
        JsonNode execution = api.awaitTerminal(id, Duration.ofHours(2), 20);
        Outcome outcome = Outcome.timed(start, execution.path("summary").toString());
        String status = execution.path("status").asText();
        if (!"SUCCEEDED".equals(status)) {
            throw new IllegalStateException("Meridian execution " + id + " ended " + status + ": " + outcome.note());
        }
        return outcome;
    }

    @Override
    public Outcome copy(Dataset data, Target target) {
        return execute(prepare(target));
    }
}
