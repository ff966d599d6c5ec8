package io.meridian.sync.helm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Reads and writes {@code index.yaml} (Helm's {@code repo.IndexFile}) with Jackson YAML. Reading checks
 * {@code apiVersion} and every entry and names the offending field; unknown top-level keys ({@code serverInfo},
 * {@code annotations}) are dropped. Writing produces {@code apiVersion}, {@code entries} (keys of each version sorted,
 * as Helm's marshaller does) and {@code generated}.
 */
public final class IndexYaml {

    /** Refuses larger documents: a registry answering with something else must not fill the heap. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // appVersion: 1.10 stays "1.10"
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private IndexYaml() {
    }

    /** @throws IllegalArgumentException naming the field when the document is not a valid index */
    public static IndexFile parse(byte[] yaml, String source) {
        if (yaml.length > MAX_BYTES) {
            throw new IllegalArgumentException(source + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException(source + " is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source + " must be a mapping with apiVersion and entries");
        }
        JsonNode api = root.get("apiVersion");
        if (api == null || !IndexFile.API_VERSION.equals(api.asString())) {
            throw new IllegalArgumentException(source + ": apiVersion must be \"v1\", was "
                    + (api == null ? "missing" : "\"" + api.asString() + "\""));
        }
        JsonNode entries = root.get("entries");
        Map<String, List<ChartVersion>> map = new LinkedHashMap<>();
        if (entries != null && !entries.isNull()) {
            if (!entries.isObject()) {
                throw new IllegalArgumentException(source + ": entries must be a mapping of chart name to versions");
            }
            for (Map.Entry<String, JsonNode> e : entries.properties()) {
                JsonNode versions = e.getValue();
                if (versions == null || versions.isNull()) {
                    continue;
                }
                if (!versions.isArray()) {
                    throw new IllegalArgumentException(source + ": entries." + e.getKey() + " must be a list");
                }
                List<ChartVersion> list = new ArrayList<>();
                for (int i = 0; i < versions.size(); i++) {
                    try {
                        list.add(ChartVersion.of(versions.get(i), "entries." + e.getKey() + "[" + i + "]"));
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
                    }
                }
                map.put(e.getKey(), list);
            }
        }
        JsonNode generated = root.get("generated");
        try {
            return new IndexFile(generated == null || generated.isNull() ? null : generated.asString(), map);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads at most {@link #MAX_BYTES} from {@code in} and parses them. */
    public static IndexFile parse(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        return parse(bytes, source);
    }

    public static byte[] write(IndexFile index) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", IndexFile.API_VERSION);
        ObjectNode entries = root.putObject("entries");
        index.entries().forEach((name, versions) -> {
            ArrayNode list = entries.putArray(name);
            versions.forEach(v -> list.add(v.toNode()));
        });
        index.generated().ifPresent(g -> root.put("generated", g));
        return YAML.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}
