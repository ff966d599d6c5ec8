package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where artifacts go: a registry (by name) and an optional namespace that prefixes every
 * destination repository ({@code team/app} with namespace {@code mirror} becomes
 * {@code mirror/team/app}). {@code paths} optionally constrains the registry's endpoints used to get there
 * ({@code {"require": ["accelerated"]}} or {@code {"avoid": ["public"]}}; see docs/PATHS.md).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Destination(String registry, String namespace,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Paths paths) {

    public Destination(String registry, String namespace) {
        this(registry, namespace, null);
    }
}
