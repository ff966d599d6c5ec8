package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.meridian.HeapSampler;
import io.meridian.bench.meridian.MeridianServer;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.report.Measurement;
import io.meridian.bench.runner.MeridianCopier;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 7: a no-op execution over 20,000 tags in 200 repositories (quick: 2,000): time, the server's peak used
 * heap (jstat samples every 100 ms) and database rows written (inserted + updated, PostgreSQL statistics) per tag.
 */
public final class PlannerScale implements Scenario {

    @Override
    public String name() {
        return "planner";
    }

    @Override
    public String describe() {
        return "7. planner scale: no-op over 20,000 tags in 200 repos (quick: 2,000): time, peak heap, DB rows per tag";
    }

    @Override
    public void run(Bench bench) throws Exception {
        DatasetSpec spec = DatasetSpec.tiny(200, bench.quick() ? 10 : 100);
        String setting = "tags=" + spec.repos() * spec.tagsPerRepo();
        Optional<MeridianCopier> meridian = bench.meridian();
        if (meridian.isEmpty()) {
            bench.meridianNotMeasured(name(), setting);
            return;
        }
        Dataset data = bench.dataset(spec);
        bench.results().note(name(), data.summary() + "; " + Bench.load());
        try (RegistryProcess source = bench.loaded("src", data);
             RegistryProcess destination = bench.loaded("dst", data)) {
            for (int run = 1; run <= bench.runs(); run++) {
                Optional<MeridianServer> server = bench.server();
                long rowsBefore = server.map(s -> s.database().rowsWritten()).orElse(-1L);
                HeapSampler heap = server.map(s -> new HeapSampler(s.pid(), 100)).orElse(null);
                Measurement m = bench.measure(name(), setting, meridian.get(), run, data,
                        () -> new Fixture().source(source, false).destination(destination, null, false));
                if (heap != null) {
                    heap.close();
                    long rows = settledRows(server.get()) - rowsBefore;
                    bench.results().add(new Measurement(name(), setting, "meridian-resources", run, m.seconds(),
                            m.status(), Map.of("peak-heap-MB", heap.peakBytes() / 1e6,
                            "db-rows/tag", rows / (double) data.refs().size(),
                            "peak-RSS-MB", server.get().peakRssBytes() / 1e6), "same run as meridian " + run));
                }
            }
        }
    }

    /** PostgreSQL flushes table statistics shortly after commits: wait until the count holds still (deadline 10 s). */
    private static long settledRows(MeridianServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long last = server.database().rowsWritten();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1200);
            long now = server.database().rowsWritten();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
