package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Where artifacts go: a registry (by name) and an optional namespace that prefixes every
 * destination repository ({@code team/app} with namespace {@code mirror} becomes
 * {@code mirror/team/app}).
 *
 * @param rename     rewrites the source repository path before the namespace prefixes it ({@link Rename}); null: none
 * @param onConflict what to do when the destination tag points to another digest: {@code overwrite}, {@code keep}
 *                   (leave it, report CONFLICT) or {@code backup} (tag the old digest
 *                   {@code <tag>-backup-<UTC yyyyMMddHHmmss>} first, then overwrite); null: the policy's
 *                   {@code override} decides (true → overwrite, false → keep)
 * @param paths      constrains the registry's endpoints used to get there ({@code {"require": ["accelerated"]}} or
 *                   {@code {"avoid": ["public"]}}; docs/PATHS.md); null: any
 */
@JsonPropertyOrder({"registry", "namespace", "rename", "onConflict", "paths"})
public record Destination(@JsonInclude(JsonInclude.Include.ALWAYS) String registry,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String namespace,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Rename rename,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String onConflict,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Paths paths) {

    public static final String OVERWRITE = "overwrite";
    public static final String KEEP = "keep";
    public static final String BACKUP = "backup";
    public static final List<String> CONFLICT_MODES = List.of(OVERWRITE, KEEP, BACKUP);

    public Destination(String registry, String namespace) {
        this(registry, namespace, null, null, null);
    }

    public Destination(String registry, String namespace, Rename rename, String onConflict) {
        this(registry, namespace, rename, onConflict, null);
    }

    /** {@code onConflict}, or what the policy's {@code override} means when it is absent. */
    public String conflictMode(boolean override) {
        return onConflict != null ? onConflict : override ? OVERWRITE : KEEP;
    }
}
