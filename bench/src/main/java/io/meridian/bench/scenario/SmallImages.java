package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.SkopeoSync;
import io.meridian.bench.runner.UploadFloor;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 3: 5,000 tiny single-layer images in 50 repositories, full sync on LAN. Per-image overhead is what this
 * measures; sequential skopeo is left out (it is ≈8× skopeo×8 here and would dominate the run time).
 */
public final class SmallImages implements Scenario {

    @Override
    public String name() {
        return "small-images";
    }

    @Override
    public String describe() {
        return "3. many small images (5,000 tags in 50 repos; quick: 1,000), full sync on LAN";
    }

    @Override
    public void run(Bench bench) throws Exception {
        Dataset data = bench.dataset(DatasetSpec.tiny(50, bench.quick() ? 20 : 100));
        String setting = "tags=" + data.refs().size();
        bench.results().note(name(), data.summary() + "; " + Bench.load());
        try (RegistryProcess source = bench.loaded("src", data)) {
            List<Copier> copiers = new ArrayList<>(List.of(new SkopeoSync(8, bench.logs()), new UploadFloor(32)));
            bench.meridian().ifPresentOrElse(copiers::add, () -> bench.meridianNotMeasured(name(), setting));
            bench.meridianBaseline().ifPresent(copiers::add);
            for (int run = 1; run <= bench.runs(); run++) {
                for (Copier copier : Bench.alternate(bench.select(copiers), run)) {
                    bench.measure(name(), setting, copier, run, data, () -> new Fixture().source(source, false)
                            .destination(bench.registry("dst"), null, true));
                }
            }
        }
    }
}
