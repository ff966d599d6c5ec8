package io.meridian.bench;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.DatasetSpec;
import io.meridian.bench.data.Generator;
import io.meridian.bench.meridian.MeridianApi;
import io.meridian.bench.meridian.MeridianServer;
import io.meridian.bench.registry.DatasetPusher;
import io.meridian.bench.registry.RegistryHttp;
import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.registry.Verifier;
import io.meridian.bench.report.Measurement;
import io.meridian.bench.report.Results;
import io.meridian.bench.runner.Copier;
import io.meridian.bench.runner.MeridianCopier;
import io.meridian.bench.runner.Outcome;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** What every scenario shares: options, results, data generation, registries, the Meridian server, one timed run. */
public final class Bench implements AutoCloseable {

    /** Builds the registries and proxies of one run. */
    @FunctionalInterface
    public interface FixtureFactory {
        Fixture create() throws IOException;
    }

    private final Options options;
    private final Results results;
    private final RegistryHttp http = new RegistryHttp();
    private MeridianServer server;
    private MeridianServer baselineServer;
    private MeridianApi meridian;
    private String meridianUnavailable;
    /** (runner, scenario, setting) already warmed up: see {@link #warmUp}. */
    private final Set<String> warmed = new HashSet<>();

    public Bench(Options options) {
        this.options = options;
        this.results = new Results(options.out());
    }

    public Options options() {
        return options;
    }

    public Results results() {
        return results;
    }

    public boolean quick() {
        return options.quick();
    }

    public int runs() {
        return options.runs();
    }

    public Path work() {
        return options.work();
    }

    public Path logs() {
        return options.out().resolve("logs");
    }

    /** Generates the data set (reusing cached bytes of an identical spec). */
    public Dataset dataset(DatasetSpec spec) {
        long start = System.nanoTime();
        Dataset data = new Generator(spec, work().resolve("data").resolve(spec.cacheKey())).generate();
        System.out.printf("  data %s (generated in %.1f s)%n", data.summary(), (System.nanoTime() - start) / 1e9);
        return data;
    }

    public RegistryProcess registry(String name) {
        return RegistryProcess.start(name, work().resolve("registries"));
    }

    /**
     * A registry holding the whole data set (not measured). The first time it is pushed over HTTP and its storage
     * saved under the work directory; later runs start from a copy of that storage.
     */
    public RegistryProcess loaded(String name, Dataset data) {
        Path saved = work().resolve("storage").resolve(data.spec().cacheKey());
        Path done = saved.resolveSibling(data.spec().cacheKey() + ".complete");
        if (Files.exists(done)) {
            long start = System.nanoTime();
            RegistryProcess registry = RegistryProcess.start(name, work().resolve("registries"), saved);
            System.out.printf("  %s started on saved storage of %s in %.1f s%n", name, data.spec().name(),
                    (System.nanoTime() - start) / 1e9);
            return registry;
        }
        RegistryProcess registry = registry(name);
        load(data, registry);
        RegistryProcess.deleteSaved(saved);
        registry.saveStorage(saved);
        try {
            Files.writeString(done, data.summary());
        } catch (IOException e) {
            System.err.println("could not mark saved storage complete: " + e.getMessage());
        }
        return registry;
    }

    /** Loads a data set into a registry (not measured). */
    public void load(Dataset data, RegistryProcess registry) {
        long start = System.nanoTime();
        new DatasetPusher(http, 16).push(data, registry.url());
        System.out.printf("  loaded %s into %s in %.1f s%n", data.spec().name(), registry.name(),
                (System.nanoTime() - start) / 1e9);
    }

    public RegistryHttp http() {
        return http;
    }

    /** The Meridian copier, starting the server on first use; empty (with a reason) when it cannot run. */
    public Optional<MeridianCopier> meridian() {
        if (meridian != null) {
            return Optional.of(new MeridianCopier(meridian));
        }
        if (meridianUnavailable != null) {
            return Optional.empty();
        }
        if (options.noMeridian()) {
            meridianUnavailable = "not measured: --no-meridian";
        } else if (options.meridianUrl() != null) {
            String token = System.getenv("MERIDIAN_BENCH_TOKEN");
            if (token == null || token.isBlank()) {
                meridianUnavailable = "not measured: --meridian-url needs MERIDIAN_BENCH_TOKEN";
            } else {
                meridian = new MeridianApi(URI.create(options.meridianUrl()), token);
            }
        } else if (!Files.isRegularFile(options.meridianJar())) {
            meridianUnavailable = "not measured: no server jar at " + options.meridianJar();
        } else {
            try {
                server = MeridianServer.start(options.meridianJar(), options.meridianHeap(), "main", logs(), options.jfr(),
                        options.serverArgs());
                meridian = server.api();
            } catch (RuntimeException e) {
                meridianUnavailable = "not measured: server did not start: " + e.getMessage();
            }
        }
        if (meridian == null) {
            System.out.println("  meridian " + meridianUnavailable);
            return Optional.empty();
        }
        return Optional.of(new MeridianCopier(meridian));
    }

    /**
     * The baseline Meridian ({@code --baseline-jar}), started on first use on its own fresh database; empty when the
     * option is absent or the server does not start (said once on the console).
     */
    public Optional<MeridianCopier> meridianBaseline() {
        if (options.baselineJar() == null) {
            return Optional.empty();
        }
        if (baselineServer == null) {
            try {
                baselineServer = MeridianServer.start(options.baselineJar(), options.meridianHeap(), "baseline", logs(),
                        options.jfr(), options.serverArgs());
            } catch (RuntimeException e) {
                System.out.println("  meridian-baseline not measured: " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new MeridianCopier("meridian-baseline", baselineServer.api()));
    }

    /** The server this harness started (for heap and RSS sampling), if any. */
    public Optional<MeridianServer> server() {
        return Optional.ofNullable(server);
    }

    public String meridianUnavailable() {
        return meridianUnavailable;
    }

    /** Records Meridian as not measured for a scenario/setting (with the reason). */
    public void meridianNotMeasured(String scenario, String setting) {
        results.add(new Measurement(scenario, setting, "meridian", 1, Double.NaN, "not-measured", Map.of(),
                meridianUnavailable));
    }

    /** The copiers not left out with {@code --skip}. */
    public List<Copier> select(List<Copier> copiers) {
        return copiers.stream().filter(c -> !skipped(c.name())).toList();
    }

    /** {@code --skip} names runners as printed or with a plain x ({@code skopeo-x8}, {@code upload-x32} too). */
    public boolean skipped(String runner) {
        String ascii = runner.replace("×", "x");
        return options.skip().contains(runner) || options.skip().contains(ascii)
                || options.skip().contains(ascii.replace("x", "-x").replace("--x", "-x"));
    }

    /** Copiers in the order for repetition {@code run}: rotated each time so no runner always goes first (A/B). */
    public static <T> List<T> alternate(List<T> copiers, int run) {
        List<T> order = new ArrayList<>(copiers);
        Collections.rotate(order, -(run - 1));
        return order;
    }

    /**
     * One timed copy on fresh (or given) registries, then a digest check of every tag at each destination (not timed).
     * A failure is recorded, not thrown: the other runners still run.
     */
    public Measurement measure(String scenario, String setting, Copier copier, int run, Dataset data,
                               FixtureFactory fixtures) {
        if (copier instanceof MeridianCopier && warmed.add(copier.name() + " " + scenario + " " + setting)) {
            warmUp(copier, data, fixtures);
        }
        Map<String, Double> metrics = new HashMap<>();
        Optional<MeridianServer> serverOfRun = serverOf(copier);
        try (Fixture fixture = fixtures.create()) {
            double cpuBefore = serverOfRun.map(MeridianServer::cpuSeconds).orElse(Double.NaN);
            Outcome outcome = copier.copy(data, fixture.target());
            serverOfRun.ifPresent(s -> metrics.put("server-cpu-s", s.cpuSeconds() - cpuBefore));
            int bad = 0;
            for (URI destination : fixture.directDestinations()) {
                bad += new Verifier(http).mismatches(data, destination);
            }
            metrics.put("MB/s", fixture.directDestinations().size() * data.uniqueBytes() / 1e6 / outcome.seconds());
            if (fixture.sourceBytesRead() >= 0) {
                metrics.put("source-read÷unique", fixture.sourceBytesRead() / (double) data.uniqueBytes());
            }
            if (bad > 0) {
                metrics.put("wrong-tags", (double) bad);
            }
            Measurement m = new Measurement(scenario, setting, copier.name(), run, outcome.seconds(),
                    bad == 0 ? "ok" : "failed", metrics, bad == 0 ? outcome.note() : bad + " tags missing or wrong");
            results.add(m);
            return m;
        } catch (Exception e) {
            Measurement m = new Measurement(scenario, setting, copier.name(), run, Double.NaN, "failed", metrics,
                    e.getMessage());
            results.add(m);
            return m;
        }
    }

    /**
     * The server a Meridian runner talks to, when this harness started it: its CPU seconds per run are a figure that
     * a busy machine disturbs far less than wall time (it compares two jars' work, not their luck with the scheduler).
     */
    private Optional<MeridianServer> serverOf(Copier copier) {
        if (!(copier instanceof MeridianCopier)) {
            return Optional.empty();
        }
        return Optional.ofNullable(copier.name().equals("meridian-baseline") ? baselineServer : server);
    }

    /**
     * One untimed copy by a Meridian server before its first timed run of a scenario. A freshly started JVM runs its
     * first copy mostly interpreted (lan-full: 13–14 s cold, 7.5–9.5 s warm on this machine), so without it the
     * runner that happens to go first carries the JIT warm-up, and with two Meridian jars side by side the odd number
     * of runs decides which one looks slower. skopeo and the floors start a new process per run: nothing to warm.
     */
    private void warmUp(Copier copier, Dataset data, FixtureFactory fixtures) {
        try (Fixture fixture = fixtures.create()) {
            Outcome outcome = copier.copy(data, fixture.target());
            System.out.printf("  %s warm-up (not counted): %.2f s%n", copier.name(), outcome.seconds());
        } catch (Exception e) {
            System.out.println("  " + copier.name() + " warm-up failed (not counted): " + e.getMessage());
        }
    }

    /** One-line machine context: load average and CPU count now. */
    public static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
                    + "/" + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[1]
                    + "/" + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[2]
                    + " on " + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (IOException e) {
            return "load unknown";
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (baselineServer != null) {
            baselineServer.close();
        }
    }
}
