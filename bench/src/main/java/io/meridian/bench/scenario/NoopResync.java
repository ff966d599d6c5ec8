package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.report.Measurement;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.HeadFloor;
import io.meridian.bench.runner.SkopeoSync;
import io.meridian.bench.wan.DelayProxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 4: resync when the destination already holds every tag, on LAN and through the WAN proxy. The HEAD floor
 * is one manifest HEAD per tag at the source plus one at the destination, each at the rate the registry answers with
 * 64 requests in flight (measured here, each run).
 */
public record NoopResync(String name, boolean lan, boolean wan) implements Scenario {

    public static NoopResync both() {
        return new NoopResync("noop", true, true);
    }

    public static NoopResync lanOnly() {
        return new NoopResync("noop-lan", true, false);
    }

    public static NoopResync wanOnly() {
        return new NoopResync("noop-wan", false, true);
    }

    @Override
    public String describe() {
        return "4. no-op resync of 5,000 tags" + (lan ? " on LAN" : "") + (lan && wan ? " and" : "")
                + (wan ? " at 100 ms RTT" : "") + " (quick: 1,000 LAN / 500 WAN), against the HEAD floor";
    }

    @Override
    public void run(Bench bench) throws Exception {
        if (lan) {
            runOne(bench, DatasetSpec.tiny(50, bench.quick() ? 20 : 100), null);
        }
        if (wan) {
            runOne(bench, DatasetSpec.tiny(50, bench.quick() ? 10 : 100), Duration.ofMillis(50));
        }
    }

    private void runOne(Bench bench, DatasetSpec spec, Duration oneWay) throws Exception {
        Dataset data = bench.dataset(spec);
        String setting = (oneWay == null ? "lan" : "rtt=" + 2 * oneWay.toMillis() + "ms") + " tags=" + data.refs().size();
        bench.results().note(name, setting + ": " + data.summary() + "; " + Bench.load());
        try (RegistryProcess source = bench.loaded("src", data);
             RegistryProcess destination = bench.loaded("dst", data)) {
            List<Copier> copiers = new ArrayList<>(List.of(new SkopeoSync(8, bench.logs())));
            bench.meridian().ifPresentOrElse(copiers::add, () -> bench.meridianNotMeasured(name, setting));
            bench.meridianBaseline().ifPresent(copiers::add);
            for (int run = 1; run <= bench.runs(); run++) {
                headFloor(bench, data, source, destination, oneWay, setting, run);
                for (Copier copier : Bench.alternate(bench.select(copiers), run)) {
                    bench.measure(name, setting, copier, run, data, () -> new Fixture().source(source, false)
                            .destination(destination, oneWay, false));
                }
            }
        }
    }

    private void headFloor(Bench bench, Dataset data, RegistryProcess source, RegistryProcess destination,
                           Duration oneWay, String setting, int run) {
        HeadFloor floor = new HeadFloor(64);
        try {
            double sourceRate = floor.rate(data, source.url(), 1);
            double destinationRate;
            if (oneWay == null) {
                destinationRate = floor.rate(data, destination.url(), 1);
            } else {
                try (DelayProxy proxy = DelayProxy.withDelay(new InetSocketAddress("127.0.0.1", destination.port()), oneWay)) {
                    destinationRate = floor.rate(data, URI.create("http://" + proxy.hostPort()), 1);
                }
            }
            int tags = data.refs().size();
            double seconds = tags / sourceRate + tags / destinationRate;
            bench.results().add(new Measurement(name, setting, "head-floor", run, seconds, "ok",
                    Map.of("src-HEAD/s", sourceRate, "dst-HEAD/s", destinationRate), "2 HEADs per tag, 64 in flight"));
        } catch (Exception e) {
            bench.results().add(new Measurement(name, setting, "head-floor", run, Double.NaN, "failed", Map.of(),
                    e.getMessage()));
        }
    }
}
