package io.meridian.sync.select;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.InvalidManifestException;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which children of a multi-arch index a policy copies ({@code platforms}). {@code linux/arm64} selects every variant
 * of it; {@code linux/arm64/v8} that variant only. A child without a platform (e.g. buildx's attestation manifests,
 * {@code unknown/unknown}) is selected only when named. Single-platform manifests are never filtered: the filter reads
 * index entries, not image configs.
 *
 * @param mode SPARSE keeps the index bytes (same digest) and copies the selected children only; REWRITE writes a new
 *             index that lists only them ({@link #rewrite}: deterministic, so a resync compares equal digests)
 */
public record PlatformFilter(Set<String> include, Mode mode) {

    public enum Mode { SPARSE, REWRITE }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public PlatformFilter {
        include = Set.copyOf(include);
        Objects.requireNonNull(mode, "mode");
    }

    public boolean selects(Descriptor child) {
        if (child.platform().isEmpty()) {
            return include.contains("unknown/unknown");
        }
        Platform p = child.platform().get();
        String osArch = p.os() + "/" + p.architecture();
        return include.contains(osArch) || (p.variant() != null && include.contains(osArch + "/" + p.variant()));
    }

    /** The children of {@code index} this filter copies, in index order. */
    public List<Descriptor> children(Manifest.ImageIndex index) {
        return index.manifests().stream().filter(this::selects).toList();
    }

    /** True when every child is selected: the index is copied as is in either mode. */
    public boolean selectsAll(Manifest.ImageIndex index) {
        return index.manifests().stream().allMatch(this::selects);
    }

    /**
     * The index as REWRITE writes it: the source's JSON with only the selected entries in {@code manifests}, every
     * other field (annotations, subject, artifactType) kept. The source index itself when every child is selected.
     */
    public ManifestBytes rewrite(ManifestBytes index) {
        Manifest parsed = index.parse();
        if (!(parsed instanceof Manifest.ImageIndex idx) || selectsAll(idx)) {
            return index;
        }
        JsonNode tree = JSON.readTree(index.bytes());
        if (!(tree instanceof ObjectNode root) || !(root.get("manifests") instanceof ArrayNode entries)) {
            throw new InvalidManifestException("index " + index.digest() + " has no manifests array to rewrite");
        }
        ArrayNode kept = root.arrayNode();
        for (int i = 0; i < entries.size(); i++) {
            if (selects(idx.manifests().get(i))) {
                kept.add(entries.get(i));
            }
        }
        root.set("manifests", kept);
        return ManifestBytes.of(index.mediaType(), JSON.writeValueAsBytes(root));
    }
}
