package io.meridian.bench.scenario;

import io.meridian.bench.Bench;
import io.meridian.bench.Fixture;
import io.meridian.bench.data.Blob;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.meridian.MeridianServer;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.report.Measurement;
import io.meridian.bench.runner.MeridianCopier;
import io.meridian.bench.runner.Outcome;
import io.meridian.bench.runner.SkopeoSync;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: one image whose layer is 4 GiB (quick: 512 MiB), copied by a Meridian server started with -Xmx256m
 * (its own instance), by skopeo, and by {@code curl | curl} of the big blob alone (the streaming floor: one GET piped
 * into one PUT). Reports MB/s and Meridian's peak RSS.
 */
public final class BigBlob implements Scenario {

    @Override
    public String name() {
        return "big-blob";
    }

    @Override
    public String describe() {
        return "6. one 4 GiB layer (quick: 512 MiB), Meridian at -Xmx256m: completes? peak RSS, MB/s vs curl | curl";
    }

    @Override
    public void run(Bench bench) throws Exception {
        long size = (bench.quick() ? 512L : 4096L) * DatasetSpec.MIB;
        Dataset data = bench.dataset(new DatasetSpec("big-" + (size >> 20) + "m", 99, 1, 1, 0, 1, size, 0, 0, 0, 0, 1));
        Blob big = data.uniqueBlobs().values().stream().filter(b -> b.size() == size).findFirst().orElseThrow();
        String setting = (size >> 20) + " MiB";
        bench.results().note(name(), data.summary() + "; " + Bench.load());
        MeridianServer server = null;
        String unavailable = null;
        if (bench.options().noMeridian() || !java.nio.file.Files.isRegularFile(bench.options().meridianJar())) {
            unavailable = "not measured: no server jar at " + bench.options().meridianJar();
        } else {
            try {
                server = MeridianServer.start(bench.options().meridianJar(), "256m", "bigblob", bench.logs(),
                        bench.options().jfr(), bench.options().serverArgs());
            } catch (RuntimeException e) {
                unavailable = "not measured: " + e.getMessage();
            }
        }
        try (RegistryProcess source = bench.loaded("src", data)) {
            for (int run = 1; run <= bench.runs(); run++) {
                if (!bench.skipped("curl|curl")) {
                    curlPipe(bench, source, big, setting, run);
                }
                if (!bench.skipped("skopeo-seq")) {
                    bench.measure(name(), setting, new SkopeoSync(1, bench.logs()), run, data,
                            () -> new Fixture().source(source, false).destination(bench.registry("dst"), null, true));
                }
                if (server != null) {
                    Measurement m = bench.measure(name(), setting, new MeridianCopier(server.api()), run, data,
                            () -> new Fixture().source(source, false).destination(bench.registry("dst"), null, true));
                    bench.results().note(name(), "meridian run " + run + " (" + m.status() + "): peak RSS "
                            + server.peakRssBytes() / (1 << 20) + " MiB at -Xmx256m");
                }
            }
            if (server == null) {
                bench.results().add(new Measurement(name(), setting, "meridian", 1, Double.NaN, "not-measured",
                        Map.of(), unavailable));
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private void curlPipe(Bench bench, RegistryProcess source, Blob big, String setting, int run) {
        Map<String, Double> metrics = new HashMap<>();
        try (RegistryProcess destination = bench.registry("dst")) {
            String repo = "bench/app-000";
            URI location = bench.http().startUpload(destination.url(), repo);
            String sep = location.getRawQuery() == null ? "?" : "&";
            String get = source.url() + "/v2/" + repo + "/blobs/" + big.digest();
            String put = location + sep + "digest=" + big.digest();
            long start = System.nanoTime();
            Process p = new ProcessBuilder(List.of("bash", "-c",
                    "set -o pipefail; curl -sfS \"$1\" | curl -sfS -T - -H 'Content-Type: application/octet-stream' \"$2\"",
                    "curl-pipe", get, put)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int exit = p.waitFor();
            Outcome outcome = Outcome.timed(start, "");
            boolean present = bench.http().blobExists(destination.url(), repo, big.digest());
            metrics.put("MB/s", big.size() / 1e6 / outcome.seconds());
            bench.results().add(new Measurement(name(), setting, "curl|curl", run, outcome.seconds(),
                    exit == 0 && present ? "ok" : "failed", metrics,
                    exit == 0 && present ? "big blob only" : "exit " + exit + ", present " + present + ": " + out));
        } catch (Exception e) {
            bench.results().add(new Measurement(name(), setting, "curl|curl", run, Double.NaN, "failed", metrics,
                    e.getMessage()));
        }
    }
}
