package io.meridian.sync.helm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A chart repository's {@code index.yaml}: {@code apiVersion: v1}, {@code generated}, and {@code entries} mapping
 * each chart name to its versions, newest first (the order Helm writes and {@code helm search} relies on). Every
 * constructor and {@link #with} keep that order and one entry per (name, version). Immutable.
 */
public final class IndexFile {

    public static final String API_VERSION = "v1";
    private static final Comparator<ChartVersion> NEWEST_FIRST =
            Comparator.comparing(ChartVersion::version, ChartVersionOrder.NEWEST_FIRST);

    private final String generated;
    private final Map<String, List<ChartVersion>> entries;

    /**
     * @param generated RFC 3339 time the index was written, as found (Helm writes it; null when absent)
     * @throws IllegalArgumentException when a version is listed under another chart's name, or twice
     */
    public IndexFile(String generated, Map<String, List<ChartVersion>> entries) {
        this.generated = generated;
        Map<String, List<ChartVersion>> sorted = new TreeMap<>();
        Objects.requireNonNull(entries, "entries").forEach((name, versions) -> {
            List<ChartVersion> list = new ArrayList<>();
            for (ChartVersion v : versions) {
                if (!v.name().equals(name)) {
                    throw new IllegalArgumentException("entries." + name + " lists a version of chart \"" + v.name() + "\"");
                }
                if (list.stream().anyMatch(o -> o.version().equals(v.version()))) {
                    throw new IllegalArgumentException("entries." + name + " lists version " + v.version() + " twice");
                }
                list.add(v);
            }
            list.sort(NEWEST_FIRST);
            if (!list.isEmpty()) {
                sorted.put(name, Collections.unmodifiableList(list));
            }
        });
        this.entries = Collections.unmodifiableMap(sorted);
    }

    public static IndexFile empty() {
        return new IndexFile(null, Map.of());
    }

    public Optional<String> generated() {
        return Optional.ofNullable(generated);
    }

    /** Chart name → versions, newest first; names sorted. */
    public Map<String, List<ChartVersion>> entries() {
        return entries;
    }

    public List<ChartVersion> versions(String name) {
        return entries.getOrDefault(name, List.of());
    }

    public Optional<ChartVersion> find(String name, String version) {
        return versions(name).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** Every version of every chart, charts by name, versions newest first. */
    public List<ChartVersion> all() {
        return entries.values().stream().flatMap(List::stream).toList();
    }

    /** This index with {@code version} added, replacing an entry of the same name and version. */
    public IndexFile with(ChartVersion version) {
        return withAll(List.of(version));
    }

    /**
     * This index with all {@code versions} added (each replacing an entry of the same name and version): how a lost
     * conditional write is merged into the index that won.
     */
    public IndexFile withAll(List<ChartVersion> versions) {
        Map<String, List<ChartVersion>> copy = new TreeMap<>();
        entries.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        for (ChartVersion version : versions) {
            List<ChartVersion> list = copy.computeIfAbsent(version.name(), k -> new ArrayList<>());
            list.removeIf(o -> o.version().equals(version.version()));
            list.add(version);
        }
        return new IndexFile(generated, copy);
    }

    /** The same entries stamped as written at {@code now}. */
    public IndexFile generatedAt(Instant now) {
        return new IndexFile(ChartVersion.RFC3339.format(now), entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexFile other && Objects.equals(generated, other.generated) && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generated, entries);
    }

    @Override
    public String toString() {
        return "IndexFile[" + entries.size() + " charts, " + all().size() + " versions]";
    }
}
