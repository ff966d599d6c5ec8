package io.meridian.policies;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which children of a multi-arch index to copy. Absent from a policy: the index is copied whole, byte-exact.
 *
 * @param include platforms as {@code os/architecture[/variant]}, e.g. {@code linux/amd64}, {@code linux/arm64/v8}
 * @param mode    {@code sparse}: the index bytes are kept (same digest) and only the included children copied (a
 *                registry that refuses an index with absent children, as distribution 2.8 does, fails the task);
 *                {@code rewrite}: a new index listing only the included children is written (a new digest)
 */
public record Platforms(List<String> include, String mode) {

    public static final String SPARSE = "sparse";
    public static final String REWRITE = "rewrite";
    public static final List<String> MODES = List.of(SPARSE, REWRITE);
    /** {@code os/architecture[/variant]}, lowercase letters, digits, '.', '_', '-' in each part. */
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)?");

    public Platforms {
        include = include == null ? null : Collections.unmodifiableList(new ArrayList<>(include));
    }

    /** Null when {@code platform} reads as {@code os/architecture[/variant]}; else why not. */
    public static String problem(String platform) {
        if (platform == null || !PLATFORM.matches(platform)) {
            return "must be os/architecture[/variant] in lowercase, e.g. \"linux/amd64\" or \"linux/arm64/v8\", was "
                    + (platform == null ? "null" : "\"" + io.meridian.validation.Names.printable(platform) + "\"");
        }
        return null;
    }
}
