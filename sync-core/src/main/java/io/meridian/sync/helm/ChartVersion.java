package io.meridian.sync.helm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One chart version of an {@code index.yaml}: the fields of its {@code Chart.yaml} (kept as they came, including
 * any this class does not know) plus {@code urls}, {@code created} and {@code digest}. Immutable: the node is copied
 * in and out. {@code name} and {@code version} are required and checked here; {@code digest} is checked when
 * present ({@link #digest()} fails on a malformed one). Scalars that YAML typed as numbers ({@code appVersion: 1.10})
 * are kept as their text.
 */
public final class ChartVersion {

    /** The fields {@code index.yaml} adds to {@code Chart.yaml}; everything else is chart metadata. */
    static final Set<String> INDEX_FIELDS = Set.of("urls", "created", "digest", "removed");
    private static final Set<String> TEXT_FIELDS = Set.of("name", "version", "appVersion", "kubeVersion", "apiVersion",
            "description", "digest", "created", "type", "home", "icon");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,249}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}");
    /** Go's RFC 3339 with nanoseconds, as Helm writes {@code created} and {@code generated}. */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ObjectNode node;

    private ChartVersion(ObjectNode node) {
        this.node = node;
    }

    /**
     * @param where names the entry in messages, e.g. {@code entries.nginx[2]}
     * @throws IllegalArgumentException naming the field when name or version is missing or malformed
     */
    public static ChartVersion of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of chart fields");
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (TEXT_FIELDS.contains(e.getKey()) && v.isNumber()) {
                v = JsonNodeFactory.instance.stringNode(plain(v));
            }
            copy.set(e.getKey(), v.deepCopy());
        }
        ChartVersion cv = new ChartVersion(copy);
        cv.check(where);
        return cv;
    }

    private static String plain(JsonNode number) {
        return number.isBigDecimal() || number.isFloatingPointNumber()
                ? new BigDecimal(number.asString()).toPlainString() : number.asString();
    }

    private void check(String where) {
        String name = text("name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ".name must be 1-250 of [A-Za-z0-9._-] starting with a letter or"
                    + " digit, was " + quote(name));
        }
        String version = text("version");
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(where + ".version must be 1-128 of [A-Za-z0-9.+_-], was " + quote(version));
        }
        JsonNode urls = node.get("urls");
        if (urls != null && !urls.isNull() && !urls.isArray()) {
            throw new IllegalArgumentException(where + ".urls must be a list");
        }
        String digest = text("digest");
        if (digest != null) {
            try {
                ChartDigest.parse(digest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + e.getMessage());
            }
        }
    }

    private static String quote(String s) {
        return s == null ? "missing" : "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
    }

    public String name() {
        return text("name");
    }

    public String version() {
        return text("version");
    }

    /** The {@code .tgz}'s SHA-256 as the index declares it; empty when the index has none. */
    public Optional<ChartDigest> digest() {
        return Optional.ofNullable(text("digest")).map(ChartDigest::parse);
    }

    /** Where the {@code .tgz} is, absolute or relative to the repository URL (first one is used). */
    public List<String> urls() {
        List<String> out = new ArrayList<>();
        JsonNode urls = node.get("urls");
        if (urls != null && urls.isArray()) {
            urls.forEach(u -> out.add(u.asString()));
        }
        return out;
    }

    public Optional<String> created() {
        return Optional.ofNullable(text("created"));
    }

    /** {@code <name>-<version>.tgz}, the file name Helm's {@code package} writes. */
    public String fileName() {
        return name() + "-" + version() + ".tgz";
    }

    /** This version placed in another repository: new {@code urls}, {@code created} and (verified) {@code digest}. */
    public ChartVersion at(List<String> urls, Instant created, ChartDigest digest) {
        ObjectNode copy = node.deepCopy();
        var list = copy.putArray("urls");
        urls.forEach(list::add);
        copy.put("created", RFC3339.format(created));
        copy.put("digest", digest.hex());
        return new ChartVersion(copy);
    }

    /**
     * The {@code Chart.yaml} part (the index fields removed), keys sorted: what Helm puts into the config blob of a
     * chart pushed to an OCI registry.
     */
    public ObjectNode metadata() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(fields()).forEach((k, v) -> {
            if (!INDEX_FIELDS.contains(k)) {
                out.set(k, v.deepCopy());
            }
        });
        return out;
    }

    /** A copy of the whole entry, keys sorted as Helm writes them. */
    public ObjectNode toNode() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(fields()).forEach((k, v) -> out.set(k, v.deepCopy()));
        return out;
    }

    private Map<String, JsonNode> fields() {
        Map<String, JsonNode> m = new TreeMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    String text(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChartVersion other && node.equals(other.node);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node);
    }

    @Override
    public String toString() {
        return name() + "-" + version() + digest().map(d -> "@" + d.shortForm()).orElse("");
    }
}
