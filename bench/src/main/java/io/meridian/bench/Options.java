package io.meridian.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: {@code <scenario>... [--runs N] [--scale full|quick] [--out DIR] [--work DIR] [--charts DIR]
 * [--meridian-jar JAR] [--baseline-jar JAR] [--meridian-url URL] [--meridian-heap SIZE] [--no-meridian] [--skip RUNNER,...] [--jfr]
 * [--server-arg --meridian.x=y ...]}
 * ({@code --baseline-jar} adds a second Meridian runner, {@code meridian-baseline}, from another build — e.g. the
 * previous main — so a change is compared before/after side by side in one run; {@code --skip skopeo-seq} leaves a runner out, e.g. for a short run; {@code --jfr} profiles the server). The admin token for
 * {@code --meridian-url} comes from the environment variable {@code MERIDIAN_BENCH_TOKEN}, never from the command line.
 */
public record Options(List<String> scenarios, int runs, boolean quick, Path out, Path work, Path charts,
                      Path meridianJar, Path baselineJar, String meridianUrl, String meridianHeap, boolean noMeridian,
                      java.util.Set<String> skip, boolean jfr, List<String> serverArgs) {

    public static Options parse(String[] args) {
        List<String> scenarios = new ArrayList<>();
        int runs = 3;
        boolean quick = false;
        Path out = Path.of("bench/results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "meridian-bench");
        Path charts = Path.of("docs/bench");
        Path jar = Path.of("server/target/meridian-server.jar");
        Path baseline = null;
        String url = null;
        String heap = "1g";
        boolean noMeridian = false;
        java.util.Set<String> skip = new java.util.HashSet<>();
        boolean jfr = false;
        List<String> serverArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--runs" -> runs = positive(a, value(args, ++i, a));
                case "--scale" -> {
                    String s = value(args, ++i, a);
                    if (!s.equals("full") && !s.equals("quick")) {
                        throw new IllegalArgumentException("--scale must be full or quick: " + s);
                    }
                    quick = s.equals("quick");
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--charts" -> charts = Path.of(value(args, ++i, a));
                case "--meridian-jar" -> jar = Path.of(value(args, ++i, a));
                case "--baseline-jar" -> baseline = Path.of(value(args, ++i, a));
                case "--meridian-url" -> url = value(args, ++i, a);
                case "--meridian-heap" -> heap = value(args, ++i, a);
                case "--no-meridian" -> noMeridian = true;
                case "--jfr" -> jfr = true;
                case "--server-arg" -> serverArgs.add(value(args, ++i, a));
                case "--skip" -> skip.addAll(List.of(value(args, ++i, a).split(",")));
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    scenarios.add(a);
                }
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("name at least one scenario (or all)");
        }
        return new Options(List.copyOf(scenarios), runs, quick, out, work, charts, jar, baseline, url, heap, noMeridian,
                java.util.Set.copyOf(skip), jfr, List.copyOf(serverArgs));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be ≥ 1: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number: " + v, e);
        }
    }
}
