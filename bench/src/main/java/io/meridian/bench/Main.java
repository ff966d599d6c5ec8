package io.meridian.bench;

import io.meridian.bench.scenario.BigBlob;
import io.meridian.bench.scenario.FanOut;
import io.meridian.bench.scenario.FullSync;
import io.meridian.bench.scenario.NoopResync;
import io.meridian.bench.scenario.PlannerScale;
import io.meridian.bench.scenario.Scenario;
import io.meridian.bench.scenario.SmallImages;
import io.meridian.bench.scenario.Sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench/run <scenario>... [options]}: runs benchmark scenarios and writes CSV, Markdown and charts. */
public final class Main {

    static Map<String, Scenario> scenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario s : List.of(FullSync.lan(), FullSync.wan(), new SmallImages(), NoopResync.both(), new FanOut(),
                new BigBlob(), new PlannerScale(), Sweep.tags(), Sweep.rtt())) {
            all.put(s.name(), s);
        }
        return all;
    }

    /** Scenarios reachable by name but not part of {@code all} (halves of a scenario, for shorter runs). */
    static Map<String, Scenario> extras() {
        Map<String, Scenario> extra = new LinkedHashMap<>();
        for (Scenario s : List.of(NoopResync.lanOnly(), NoopResync.wanOnly())) {
            extra.put(s.name(), s);
        }
        return extra;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, Scenario> known = scenarios();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println("usage: bench/run <scenario>... [--runs N] [--scale full|quick] [--out DIR]"
                    + " [--meridian-jar JAR | --meridian-url URL] [--meridian-heap SIZE] [--no-meridian]"
                    + " [--skip skopeo-seq,upload×32,...] [--jfr] [--server-arg --meridian.x=y]...");
            System.out.println("scenarios (or: all):");
            known.values().forEach(s -> System.out.printf("  %-13s %s%n", s.name(), s.describe()));
            extras().values().forEach(s -> System.out.printf("  %-13s %s%n", s.name(), s.describe()));
            return;
        }
        Options options = Options.parse(args);
        List<Scenario> selected = new ArrayList<>();
        for (String name : options.scenarios()) {
            if (name.equals("all")) {
                selected.addAll(known.values());
            } else if (known.containsKey(name)) {
                selected.add(known.get(name));
            } else if (extras().containsKey(name)) {
                selected.add(extras().get(name));
            } else {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: all, " + known.keySet());
            }
        }
        String header = header(options, args);
        System.out.println(header);
        try (Bench bench = new Bench(options)) {
            for (Scenario s : selected) {
                System.out.println("== " + s.name() + ": " + s.describe());
                long start = System.nanoTime();
                try {
                    s.run(bench);
                } catch (Exception e) {
                    bench.results().note(s.name(), "scenario aborted: " + e);
                    e.printStackTrace();
                }
                System.out.printf("== %s done in %.0f s%n", s.name(), (System.nanoTime() - start) / 1e9);
                bench.results().writeSummary(header);
            }
            System.out.println(bench.results().writeSummary(header));
            System.out.println("results: " + options.out().resolve("results.csv") + " and summary.md");
        }
    }

    private static String header(Options options, String[] args) throws IOException {
        return "## Benchmark run " + ZonedDateTime.now().withNano(0) + "\n\n"
                + "- command: `bench/run " + String.join(" ", args) + "`\n"
                + "- scale: " + (options.quick() ? "quick (reduced sizes)" : "full (issue 5 sizes)")
                + ", runs per runner: " + options.runs() + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + ", "
                + firstLine("uname", "-srm") + "\n"
                + "- " + firstLine("skopeo", "--version") + "; docker-registry "
                + firstLine("docker-registry", "--version") + "; java " + System.getProperty("java.version") + "\n"
                + "- at start: " + Bench.load()
                + (options.serverArgs().isEmpty() ? "" : "\n- server arguments: " + String.join(" ", options.serverArgs()));
    }

    private static String memory() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1 << 20) + " GiB RAM";
            }
        }
        return "RAM unknown";
    }

    private static String firstLine(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.lines().findFirst().orElse("?");
        } catch (IOException e) {
            return cmd[0] + " missing";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
