package io.meridian.sync.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads the four manifest formats from raw bytes, naming the offending field on bad input. */
final class ManifestParser {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ManifestParser() {
    }

    static Manifest parse(MediaType declared, byte[] bytes, Digest digest) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidManifestException("manifest " + digest + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("manifest " + digest + " must be a JSON object");
        }
        Context ctx = new Context(digest);
        int schemaVersion = root.path("schemaVersion").asInt(-1);
        if (schemaVersion != 2) {
            throw ctx.invalid("schemaVersion", "must be 2, got " + root.path("schemaVersion"));
        }
        MediaType mediaType = declared;
        JsonNode mt = root.get("mediaType");
        if (mt != null && !mt.isNull()) {
            MediaType inBody = ctx.mediaType(mt, "mediaType");
            if (!inBody.equals(declared)) {
                throw ctx.invalid("mediaType", "is " + inBody + " but the manifest was served/declared as " + declared);
            }
        }
        Optional<MediaType> artifactType = root.hasNonNull("artifactType")
                ? Optional.of(ctx.mediaType(root.get("artifactType"), "artifactType")) : Optional.empty();
        Optional<Descriptor> subject = root.hasNonNull("subject")
                ? Optional.of(ctx.descriptor(root.get("subject"), "subject")) : Optional.empty();
        Map<String, String> annotations = ctx.annotations(root.get("annotations"), "annotations");
        if (mediaType.isIndex() || (!mediaType.isManifest() && root.has("manifests"))) {
            JsonNode list = root.get("manifests");
            if (list == null || !list.isArray()) {
                throw ctx.invalid("manifests", "must be an array");
            }
            List<Descriptor> children = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                children.add(ctx.descriptor(list.get(i), "manifests[" + i + "]"));
            }
            return new Manifest.ImageIndex(mediaType, children, artifactType, subject, annotations);
        }
        if (!root.hasNonNull("config")) {
            throw ctx.invalid("config", "is required in an image manifest");
        }
        Descriptor config = ctx.descriptor(root.get("config"), "config");
        JsonNode layersNode = root.get("layers");
        List<Descriptor> layers = new ArrayList<>();
        if (layersNode != null && !layersNode.isNull()) {
            if (!layersNode.isArray()) {
                throw ctx.invalid("layers", "must be an array");
            }
            for (int i = 0; i < layersNode.size(); i++) {
                layers.add(ctx.descriptor(layersNode.get(i), "layers[" + i + "]"));
            }
        } else if (mediaType.equals(MediaType.DOCKER_MANIFEST_V2)) {
            throw ctx.invalid("layers", "is required in a Docker v2 manifest");
        }
        return new Manifest.ImageManifest(mediaType, config, layers, artifactType, subject, annotations);
    }

    private record Context(Digest digest) {
        InvalidManifestException invalid(String field, String reason) {
            return new InvalidManifestException("manifest " + digest + ": field '" + field + "' " + reason);
        }

        MediaType mediaType(JsonNode node, String field) {
            if (!node.isString()) {
                throw invalid(field, "must be a string");
            }
            try {
                return MediaType.parse(node.stringValue());
            } catch (IllegalArgumentException e) {
                throw invalid(field, e.getMessage());
            }
        }

        Descriptor descriptor(JsonNode node, String field) {
            if (node == null || !node.isObject()) {
                throw invalid(field, "must be a descriptor object");
            }
            JsonNode mt = node.get("mediaType");
            if (mt == null) {
                throw invalid(field + ".mediaType", "is required");
            }
            MediaType mediaType = mediaType(mt, field + ".mediaType");
            JsonNode d = node.get("digest");
            if (d == null || !d.isString()) {
                throw invalid(field + ".digest", "is required");
            }
            Digest digest;
            try {
                digest = Digest.parse(d.stringValue());
            } catch (IllegalArgumentException e) {
                throw invalid(field + ".digest", e.getMessage());
            }
            JsonNode s = node.get("size");
            if (s == null || !s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
                throw invalid(field + ".size", "must be a non-negative integer");
            }
            Optional<Platform> platform = Optional.empty();
            JsonNode p = node.get("platform");
            if (p != null && !p.isNull()) {
                if (!p.hasNonNull("os") || !p.hasNonNull("architecture")) {
                    throw invalid(field + ".platform", "needs os and architecture");
                }
                List<String> features = new ArrayList<>();
                p.path("os.features").forEach(f -> features.add(f.asString()));
                platform = Optional.of(new Platform(p.get("os").asString(), p.get("architecture").asString(),
                        p.hasNonNull("variant") ? p.get("variant").asString() : null,
                        p.hasNonNull("os.version") ? p.get("os.version").asString() : null, features));
            }
            Optional<MediaType> artifactType = node.hasNonNull("artifactType")
                    ? Optional.of(mediaType(node.get("artifactType"), field + ".artifactType")) : Optional.empty();
            return new Descriptor(mediaType, digest, s.asLong(), platform, artifactType,
                    annotations(node.get("annotations"), field + ".annotations"));
        }

        Map<String, String> annotations(JsonNode node, String field) {
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw invalid(field, "must be an object of strings");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isString()) {
                    throw invalid(field + "." + e.getKey(), "must be a string");
                }
                out.put(e.getKey(), e.getValue().stringValue());
            }
            return out;
        }
    }
}
