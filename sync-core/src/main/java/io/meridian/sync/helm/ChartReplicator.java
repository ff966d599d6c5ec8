package io.meridian.sync.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the selected chart versions of one classic repository to several destinations. Per version: the
 * destinations' digests are compared first (a version every destination already has costs no download); otherwise
 * the {@code .tgz} is downloaded once, verified against the index's {@code digest} while spooled, its {@code .prov}
 * carried when present, and written to each destination that needs it. Uploads to a destination are batched
 * ({@code batchSize} versions per index write). Plain Java, no Spring: the Batch job calls it for policies whose
 * source is a chart repository.
 */
public final class ChartReplicator {

    private static final Logger LOG = LoggerFactory.getLogger(ChartReplicator.class);

    /** A destination under the name the policy gives it. */
    public record Target(String name, ChartDestination destination) {
        public Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * Which versions travel: chart names (the policy's repository globs) and, per chart, a function from the chart's
     * <b>full</b> version list (newest first) to the versions to copy — the same full-list selection images get
     * ({@code PolicyEvaluator::references}: include/exclude, semver range, latest N). Anything it returns that is no
     * version of the chart (a {@code tags.digests} entry) is ignored.
     */
    public record Selection(Predicate<String> chartName, Function<List<String>, List<String>> versions) {
        public static final Selection ALL = filtering(n -> true, v -> true);

        public Selection {
            Objects.requireNonNull(chartName, "chartName");
            Objects.requireNonNull(versions, "versions");
        }

        /** Versions decided one at a time by {@code version}. */
        public static Selection filtering(Predicate<String> chartName, Predicate<String> version) {
            return new Selection(chartName, all -> all.stream().filter(version).toList());
        }
    }

    /** Largest chart archive accepted by default (charts are small; this guards the spool disk). */
    public static final long DEFAULT_MAX_CHART_BYTES = 1L << 30;
    /** Versions per destination written before one index merge, by default. */
    public static final int DEFAULT_BATCH = 50;

    private final long maxChartBytes;
    private final int batchSize;

    public ChartReplicator(long maxChartBytes, int batchSize) {
        if (maxChartBytes < 1 || batchSize < 1) {
            throw new IllegalArgumentException("maxChartBytes and batchSize must be positive");
        }
        this.maxChartBytes = maxChartBytes;
        this.batchSize = batchSize;
    }

    public static ChartReplicator defaults() {
        return new ChartReplicator(DEFAULT_MAX_CHART_BYTES, DEFAULT_BATCH);
    }

    /** The versions of {@code index} that {@code selection} takes, charts by name, versions newest first. */
    public static List<ChartVersion> select(IndexFile index, Selection selection) {
        List<ChartVersion> selected = new ArrayList<>();
        index.entries().forEach((name, versions) -> {
            if (!selection.chartName().test(name)) {
                return;
            }
            Set<String> taken = Set.copyOf(selection.versions().apply(versions.stream().map(ChartVersion::version).toList()));
            versions.stream().filter(v -> taken.contains(v.version())).forEach(selected::add);
        });
        return List.copyOf(selected);
    }

    public List<ChartTask> replicate(ChartSource source, Selection selection, List<Target> targets, boolean overwrite) {
        List<ChartVersion> versions = select(source.index(), selection);
        LOG.info("{}: {} chart version(s) selected for {} destination(s)", source.describe(), versions.size(), targets.size());
        List<ChartTask> tasks = new ArrayList<>();
        Map<Target, List<Pending>> pending = new LinkedHashMap<>();
        targets.forEach(t -> pending.put(t, new ArrayList<>()));
        List<AutoCloseable> spooled = new ArrayList<>();
        try {
            for (ChartVersion v : versions) {
                replicateOne(source, v, targets, overwrite, tasks, pending, spooled);
                if (pending.values().stream().anyMatch(p -> p.size() >= batchSize)) {
                    flush(pending, overwrite, tasks);
                    closeAll(spooled);
                }
            }
            flush(pending, overwrite, tasks);
        } finally {
            closeAll(spooled);
        }
        return tasks;
    }

    private record Pending(ChartUpload upload, ChartTask task) {
    }

    private void replicateOne(ChartSource source, ChartVersion v, List<Target> targets, boolean overwrite,
                              List<ChartTask> tasks, Map<Target, List<Pending>> pending, List<AutoCloseable> spooled) {
        Optional<ChartDigest> digest = v.digest();
        Optional<String> oci = digest.map(ChartDigest::oci);
        if (digest.isEmpty()) {
            targets.forEach(t -> tasks.add(new ChartTask(t.name(), v.name(), v.version(), oci, ChartTask.Outcome.FAILED, 0,
                    "index.yaml of " + source.describe() + " gives no digest: the .tgz cannot be verified")));
            return;
        }
        List<Target> needed = new ArrayList<>();
        for (Target t : targets) {
            try {
                Optional<ChartDigest> there = t.destination().existing(v.name(), v.version());
                if (there.equals(digest)) {
                    tasks.add(new ChartTask(t.name(), v.name(), v.version(), oci, ChartTask.Outcome.SKIPPED, 0,
                            "already at " + t.destination().describe() + " with the same digest"));
                } else if (there.isPresent() && !overwrite) {
                    tasks.add(new ChartTask(t.name(), v.name(), v.version(), oci, ChartTask.Outcome.CONFLICT, 0,
                            "exists at " + t.destination().describe() + " with digest " + there.get().shortForm()
                                    + "…; the policy does not override"));
                } else {
                    needed.add(t);
                }
            } catch (HelmRepositoryException e) {
                tasks.add(failed(t, v, oci, e));
            }
        }
        if (needed.isEmpty()) {
            return;
        }
        ChartUpload upload;
        try {
            upload = download(source, v, digest.get());
        } catch (HelmRepositoryException e) {
            needed.forEach(t -> tasks.add(failed(t, v, oci, e)));
            return;
        }
        spooled.add(upload.chart());
        upload.provenance().ifPresent(spooled::add);
        for (Target t : needed) {
            pending.get(t).add(new Pending(upload, new ChartTask(t.name(), v.name(), v.version(), oci,
                    ChartTask.Outcome.COPIED, upload.chart().size(), "written to " + t.destination().describe()
                    + (upload.provenance().isPresent() ? " with its .prov" : ""))));
        }
    }

    private ChartUpload download(ChartSource source, ChartVersion v, ChartDigest digest) {
        String what = "chart " + v.name() + " " + v.version() + " from " + source.describe();
        SpooledChart chart = SpooledChart.verified(source.openChart(v), digest, what, maxChartBytes);
        try {
            Optional<SpooledChart> prov = source.openProvenance(v)
                    .map(in -> SpooledChart.provenance(in, digest, "provenance of " + what, maxChartBytes));
            return new ChartUpload(v, chart, prov);
        } catch (RuntimeException e) {
            chart.close();
            throw e;
        }
    }

    private static void flush(Map<Target, List<Pending>> pending, boolean overwrite, List<ChartTask> tasks) {
        pending.forEach((target, list) -> {
            if (list.isEmpty()) {
                return;
            }
            try {
                target.destination().put(list.stream().map(Pending::upload).toList(), overwrite);
                list.forEach(p -> tasks.add(p.task()));
            } catch (HelmRepositoryException e) {
                list.forEach(p -> tasks.add(new ChartTask(p.task().destination(), p.task().repository(),
                        p.task().reference(), p.task().digest(), ChartTask.Outcome.FAILED, 0, e.getMessage())));
            }
            list.clear();
        });
    }

    private static ChartTask failed(Target t, ChartVersion v, Optional<String> digest, HelmRepositoryException e) {
        return new ChartTask(t.name(), v.name(), v.version(), digest, ChartTask.Outcome.FAILED, 0, e.getMessage());
    }

    private static void closeAll(List<AutoCloseable> spooled) {
        for (AutoCloseable c : spooled) {
            try {
                c.close();
            } catch (Exception ignored) {
                // temp files only
            }
        }
        spooled.clear();
    }
}
