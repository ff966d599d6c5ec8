package io.meridian.server.api.definitions;

import io.meridian.policies.StrictJson;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies of the definition APIs are read with {@link StrictJson} rather than the MVC
 * converter so that policies, regions and registries all report unknown fields, wrong types and
 * invalid values with the same field paths and wording.
 */
public final class Bodies {

    private static final JsonMapper TREE = JsonMapper.builder().build();

    private Bodies() {
    }

    public static <T> T read(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidDefinitionException(what, List.of(new FieldViolation("$", "a JSON body is required")));
        }
        refuseNul(json, what);
        return StrictJson.read(json, type, what);
    }

    /**
     * PostgreSQL cannot store U+0000 in text: a string holding it would fail deep in a query (a 500)
     * instead of as a 400 naming its field. Unparseable JSON is left to {@link StrictJson}.
     */
    private static void refuseNul(String json, String what) {
        if (json.indexOf('\u0000') < 0 && !json.contains("\\u0000")) {
            return;
        }
        JsonNode root;
        try {
            root = TREE.readTree(json);
        } catch (JacksonException e) {
            return;
        }
        String field = nulAt(root, "");
        if (field != null) {
            throw new InvalidDefinitionException(what, List.of(new FieldViolation(field.isEmpty() ? "$" : field,
                    "must not contain the NUL character (U+0000)")));
        }
    }

    private static String nulAt(JsonNode node, String path) {
        if (node.isString()) {
            return node.asString().indexOf('\u0000') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nulAt(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                String p = path.isEmpty() ? name : path + "." + name;
                if (name.indexOf('\u0000') >= 0) {
                    return p;
                }
                String found = nulAt(node.get(name), p);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * On PUT the path names the resource; a body may repeat the name but not change it (names
     * are keys: renaming is delete and create).
     */
    public static String nameForUpdate(String pathName, String bodyName, String what) {
        if (bodyName != null && !bodyName.equals(pathName)) {
            throw new InvalidDefinitionException(what, List.of(new FieldViolation("name",
                    "must match the name in the path (\"" + pathName + "\"); names cannot be changed")));
        }
        return pathName;
    }
}
