package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.internal.RegistryHttp;
import io.meridian.sync.oci.manifest.ManifestGet;
import io.meridian.sync.oci.manifest.ManifestHead;
import io.meridian.sync.oci.manifest.ManifestPut;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds a pushed artifact to the fallback referrers index of its subject (spec: "Pushing Manifests with Subject"
 * on a registry without the referrers API): pull the {@code sha256-<hex>} tag, append the descriptor unless
 * present, push it back. Existing entries are kept as they are.
 */
public record ReferrersTagUpdate(RepositoryName repo, Digest subject, ManifestBytes artifact, int maxManifestBytes) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Returns true when the index changed. */
    public boolean execute(RegistryHttp http) {
        Manifest parsed = artifact.parse();
        Reference.Tag tag = Referrers.fallbackTag(subject);
        ObjectNode index;
        Optional<?> existing = new ManifestHead(repo, tag).execute(http);
        if (existing.isPresent()) {
            ManifestBytes current = new ManifestGet(repo, tag, maxManifestBytes).execute(http);
            index = (ObjectNode) JSON.readTree(current.bytes());
            for (JsonNode entry : index.path("manifests")) {
                if (artifact.digest().toString().equals(entry.path("digest").asString(""))) {
                    return false;
                }
            }
        } else {
            index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaType.OCI_INDEX.value());
            index.putArray("manifests");
        }
        ArrayNode manifests = index.has("manifests") && index.get("manifests").isArray()
                ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
        ObjectNode d = manifests.addObject();
        d.put("mediaType", artifact.mediaType().value());
        d.put("digest", artifact.digest().toString());
        d.put("size", artifact.size());
        MediaType type = parsed instanceof Manifest.ImageManifest im ? im.effectiveArtifactType()
                : parsed.artifactType().orElse(null);
        if (type != null) {
            d.put("artifactType", type.value());
        }
        if (!parsed.annotations().isEmpty()) {
            ObjectNode a = d.putObject("annotations");
            parsed.annotations().forEach(a::put);
        }
        byte[] bytes = JSON.writeValueAsString(index).getBytes(StandardCharsets.UTF_8);
        new ManifestPut(repo, tag, ManifestBytes.of(MediaType.OCI_INDEX, bytes)).execute(http);
        return true;
    }

}
