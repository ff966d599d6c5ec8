package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.report.Charts;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.SkopeoSync;
import io.meridian.bench.runner.UploadFloor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling charts: full-sync time against the number of tiny tags (LAN), and against RTT 0–200 ms (a small mixed
 * data set through the delay proxy), for skopeo sequential, skopeo×8, the upload floor and Meridian. One run per point
 * unless {@code --runs} says more; the chart shows medians.
 */
public record Sweep(String name, boolean byRtt) implements Scenario {

    public static Sweep tags() {
        return new Sweep("chart-tags", false);
    }

    public static Sweep rtt() {
        return new Sweep("chart-rtt", true);
    }

    @Override
    public String describe() {
        return byRtt ? "chart: full sync time vs RTT 0–200 ms → docs/bench/time-vs-rtt.png"
                : "chart: full sync time vs number of tags → docs/bench/time-vs-tags.png";
    }

    static DatasetSpec rttSpec() {
        return new DatasetSpec("rtt", 5, 6, 3, 2, 4 * DatasetSpec.MIB, DatasetSpec.MIB, 3, 3, 1, 2, 16 * DatasetSpec.KIB);
    }

    @Override
    public void run(Bench bench) throws Exception {
        List<Copier> copiers = new ArrayList<>(List.of(new SkopeoSync(1, bench.logs()), new SkopeoSync(8, bench.logs()),
                new UploadFloor(32)));
        bench.meridian().ifPresent(copiers::add);
        int[] points = byRtt ? new int[] {0, 50, 100, 200}
                : bench.quick() ? new int[] {100, 200, 400} : new int[] {100, 250, 500, 1000};
        int runs = Math.min(bench.runs(), bench.quick() ? 1 : 2);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        copiers.forEach(c -> series.put(c.name(), new ArrayList<>()));
        Dataset rttData = byRtt ? bench.dataset(rttSpec()) : null;
        bench.results().note(name, (byRtt ? rttData.summary() : "tiny images in 10 repos") + "; " + Bench.load()
                + (bench.meridian().isEmpty() ? "; meridian " + bench.meridianUnavailable() : ""));
        for (int point : points) {
            Dataset data = byRtt ? rttData : bench.dataset(DatasetSpec.tiny(10, point / 10));
            String setting = byRtt ? "rtt=" + point + "ms" : "tags=" + data.refs().size();
            Duration oneWay = byRtt ? Duration.ofMillis(point / 2) : null;
            try (RegistryProcess source = bench.loaded("src", data)) {
                for (int run = 1; run <= runs; run++) {
                    for (Copier copier : Bench.alternate(bench.select(copiers), run)) {
                        bench.measure(name, setting, copier, run, data, () -> new Fixture().source(source, false)
                                .destination(bench.registry("dst"), oneWay, true));
                    }
                }
            }
            for (Copier c : copiers) {
                series.get(c.name()).add(new double[] {byRtt ? point : data.refs().size(),
                        bench.results().median(name, setting, c.name())});
            }
        }
        Path file = bench.options().charts().resolve(byRtt ? "time-vs-rtt.png" : "time-vs-tags.png");
        Path written = byRtt
                ? Charts.line(file, "Full sync vs round-trip time (" + rttData.summary() + ")", "RTT (ms)", series)
                : Charts.line(file, "Full sync of tiny images vs number of tags (LAN, 10 repositories)", "tags", series);
        bench.results().note(name, "chart " + written);
    }
}
