package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.SkopeoSync;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 5: one source, three empty destinations. The source sits behind a zero-delay counting proxy, so
 * "source-read÷unique" is the bytes read from it divided by the data set's unique bytes (ideal 1.0). skopeo×8 runs
 * its script once per destination, one destination after another.
 */
public final class FanOut implements Scenario {

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String describe() {
        return "5. fan-out 1 → 3 destinations: bytes read from the source ÷ unique bytes, and wall time";
    }

    @Override
    public void run(Bench bench) throws Exception {
        Dataset data = bench.dataset(FullSync.spec(bench.quick()));
        String setting = "3 destinations";
        bench.results().note(name(), data.summary() + "; " + Bench.load());
        try (RegistryProcess source = bench.loaded("src", data)) {
            List<Copier> copiers = new ArrayList<>(List.of(new SkopeoSync(8, bench.logs())));
            bench.meridian().ifPresentOrElse(copiers::add, () -> bench.meridianNotMeasured(name(), setting));
            bench.meridianBaseline().ifPresent(copiers::add);
            for (int run = 1; run <= bench.runs(); run++) {
                for (Copier copier : Bench.alternate(bench.select(copiers), run)) {
                    bench.measure(name(), setting, copier, run, data, () -> new Fixture().source(source, true)
                            .destination(bench.registry("dst1"), null, true)
                            .destination(bench.registry("dst2"), null, true)
                            .destination(bench.registry("dst3"), null, true));
                }
            }
        }
    }
}
