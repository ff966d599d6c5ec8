package io.meridian.server.api.definitions;

import io.meridian.policies.StrictJson;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;

/**
 * Request bodies of the definition APIs are read with {@link StrictJson} rather than the MVC
 * converter so that policies, regions and registries all report unknown fields, wrong types and
 * invalid values with the same field paths and wording.
 */
public final class Bodies {

    private Bodies() {
    }

    public static <T> T read(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidDefinitionException(what, List.of(new FieldViolation("$", "a JSON body is required")));
        }
        return StrictJson.read(json, type, what);
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
