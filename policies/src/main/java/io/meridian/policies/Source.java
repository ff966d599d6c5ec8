package io.meridian.policies;

import java.util.List;

/**
 * Where artifacts come from: a registry (by name) and the repositories to take, as globs where
 * {@code *} stays within a path segment and {@code **} crosses segments.
 */
public record Source(String registry, List<String> repositories) {

    public Source {
        repositories = repositories == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(repositories));
    }
}
