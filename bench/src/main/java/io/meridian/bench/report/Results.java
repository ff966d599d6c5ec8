package io.meridian.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Collects measurements, appends each to {@code results.csv} as it happens (a crash keeps what was measured), and
 * writes {@code summary.md}: per scenario and setting, every runner's median, min, max and ratios.
 */
public final class Results {

    private final Path dir;
    private final Path csv;
    private final List<Measurement> all = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Results(Path dir) {
        this.dir = dir;
        this.csv = dir.resolve("results.csv");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(csv)) {
                Files.writeString(csv, "time,scenario,setting,runner,run,seconds,status,metrics,note\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results into " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized void add(Measurement m) {
        all.add(m);
        String metrics = m.metrics().entrySet().stream().map(e -> e.getKey() + "=" + fmt(e.getValue()))
                .collect(Collectors.joining(";"));
        String line = String.join(",", Instant.now().toString(), m.scenario(), m.setting(), m.runner(),
                Integer.toString(m.run()), Double.isNaN(m.seconds()) ? "" : String.format("%.3f", m.seconds()),
                m.status(), quote(metrics), quote(m.note())) + "\n";
        try {
            Files.writeString(csv, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + csv, e);
        }
        System.out.printf("  %-12s %-14s %-12s run %d: %s%s%n", m.scenario(), m.setting(), m.runner(), m.run(),
                m.ok() ? String.format("%.2f s", m.seconds()) : m.status(),
                m.metrics().isEmpty() ? "" : "  " + metrics);
    }

    /** A line of context printed under the scenario in the summary (sizes used, machine load …). */
    public synchronized void note(String scenario, String text) {
        notes.add(scenario + ": " + text);
        System.out.println("  note " + scenario + ": " + text);
    }

    public synchronized List<Measurement> all() {
        return List.copyOf(all);
    }

    /** Median seconds of the successful runs of one runner in one scenario/setting (NaN if none). */
    public synchronized double median(String scenario, String setting, String runner) {
        return median(all.stream().filter(m -> m.ok() && m.scenario().equals(scenario)
                && m.setting().equals(setting) && m.runner().equals(runner)).mapToDouble(Measurement::seconds).toArray());
    }

    public synchronized double medianMetric(String scenario, String setting, String runner, String metric) {
        return median(all.stream().filter(m -> m.ok() && m.scenario().equals(scenario) && m.setting().equals(setting)
                        && m.runner().equals(runner) && m.metrics().containsKey(metric))
                .mapToDouble(m -> m.metrics().get(metric)).toArray());
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Writes {@code summary.md} (and returns it): one table per scenario and setting. */
    public synchronized String writeSummary(String header) {
        StringBuilder md = new StringBuilder(header).append("\n\n");
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        all.forEach(m -> groups.computeIfAbsent(m.scenario() + (m.setting().isEmpty() ? "" : " · " + m.setting()),
                k -> new ArrayList<>()).add(m));
        groups.forEach((group, ms) -> {
            md.append("### ").append(group).append("\n\n");
            TreeSet<String> metricNames = new TreeSet<>();
            ms.forEach(m -> metricNames.addAll(m.metrics().keySet()));
            md.append("| runner | runs ok | median s | min s | max s | × faster than best skopeo | ÷ upload floor |");
            metricNames.forEach(n -> md.append(" ").append(n).append(" (median) |"));
            md.append("\n|---|---|---|---|---|---|---|").append("---|".repeat(metricNames.size())).append("\n");
            String scenario = ms.get(0).scenario();
            String setting = ms.get(0).setting();
            double bestSkopeo = Math.min(nanToInf(median(scenario, setting, "skopeo×8")),
                    nanToInf(median(scenario, setting, "skopeo-seq")));
            double floor = ms.stream().filter(m -> m.runner().startsWith("upload×")).findFirst()
                    .map(m -> median(scenario, setting, m.runner())).orElse(Double.NaN);
            new LinkedHashMap<String, List<Measurement>>() {{
                ms.forEach(m -> computeIfAbsent(m.runner(), k -> new ArrayList<>()).add(m));
            }}.forEach((runner, rs) -> {
                double[] secs = rs.stream().filter(Measurement::ok).mapToDouble(Measurement::seconds).toArray();
                double med = median(secs);
                md.append("| ").append(runner.replace("|", "\\|")).append(" | ").append(secs.length).append("/").append(rs.size())
                        .append(" | ").append(fmt(med)).append(" | ")
                        .append(secs.length == 0 ? "–" : fmt(Arrays.stream(secs).min().getAsDouble())).append(" | ")
                        .append(secs.length == 0 ? "–" : fmt(Arrays.stream(secs).max().getAsDouble())).append(" | ")
                        .append(Double.isInfinite(bestSkopeo) || secs.length == 0 ? "–" : fmt(bestSkopeo / med))
                        .append(" | ")
                        .append(Double.isNaN(floor) || secs.length == 0 ? "–" : fmt(med / floor)).append(" |");
                metricNames.forEach(n -> md.append(" ").append(fmt(medianMetric(scenario, setting, runner, n))).append(" |"));
                md.append("\n");
            });
            md.append("\n");
            ms.stream().filter(m -> !m.ok()).map(m -> m.runner() + " run " + m.run() + " " + m.status() + ": "
                    + m.note().replace("\n", " ")).distinct().limit(6).forEach(s -> md.append("- ").append(s).append("\n"));
            notes.stream().filter(n -> n.startsWith(scenario + ":")).forEach(n -> md.append("- ").append(n).append("\n"));
            md.append("\n");
        });
        try {
            Files.writeString(dir.resolve("summary.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write summary into " + dir, e);
        }
        return md.toString();
    }

    private static double nanToInf(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1e6) {
            return String.format("%.3g", v);
        }
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"";
    }
}
