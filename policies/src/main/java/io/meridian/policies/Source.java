package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where artifacts come from: a registry (by name) and the repositories to take, as globs where
 * {@code *} stays within a path segment and {@code **} crosses segments; {@code exclude} globs
 * (same syntax) leave repositories out, and win over {@code repositories}.
 *
 * @param exclude repository globs to leave out; omitted from JSON when empty
 */
public record Source(String registry, List<String> repositories,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> exclude) {

    public Source {
        repositories = repositories == null ? null : Collections.unmodifiableList(new ArrayList<>(repositories));
        exclude = exclude == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exclude));
    }

    /** A source without excludes. */
    public Source(String registry, List<String> repositories) {
        this(registry, repositories, List.of());
    }
}
