package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.SkopeoSync;
import io.meridian.bench.runner.UploadFloor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios 1 and 2: full sync of the ≈350 MB / 64-ref / 13-repository data set into an empty destination, on LAN
 * or through the WAN proxy; skopeo sequential, skopeo×8, the 32-way upload floor and Meridian, alternating.
 */
public record FullSync(String name, Duration oneWay) implements Scenario {

    public static FullSync lan() {
        return new FullSync("lan-full", null);
    }

    public static FullSync wan() {
        return new FullSync("wan-full", Duration.ofMillis(50));
    }

    @Override
    public String describe() {
        return oneWay == null ? "1. LAN full sync (≈350 MB, 64 refs, 13 repos)"
                : "2. WAN full sync through the delay proxy (" + 2 * oneWay.toMillis() + " ms RTT)";
    }

    static DatasetSpec spec(boolean quick) {
        DatasetSpec full = DatasetSpec.lanFull();
        return quick ? new DatasetSpec("full-quick", full.seed(), 12, 4, 3, 4 * DatasetSpec.MIB, DatasetSpec.MIB, 4, 4,
                1, 4, 16 * DatasetSpec.KIB) : full;
    }

    @Override
    public void run(Bench bench) throws Exception {
        Dataset data = bench.dataset(spec(bench.quick()));
        String setting = oneWay == null ? "lan" : "rtt=" + 2 * oneWay.toMillis() + "ms";
        bench.results().note(name, data.summary() + "; " + Bench.load());
        try (RegistryProcess source = bench.loaded("src", data)) {
            List<Copier> copiers = new ArrayList<>(List.of(new SkopeoSync(1, bench.logs()),
                    new SkopeoSync(8, bench.logs()), new UploadFloor(32)));
            bench.meridian().ifPresentOrElse(copiers::add, () -> bench.meridianNotMeasured(name, setting));
            bench.meridianBaseline().ifPresent(copiers::add);
            for (int run = 1; run <= bench.runs(); run++) {
                for (Copier copier : Bench.alternate(bench.select(copiers), run)) {
                    bench.measure(name, setting, copier, run, data, () -> new Fixture().source(source, false)
                            .destination(bench.registry("dst"), oneWay, true));
                }
            }
        }
    }
}
