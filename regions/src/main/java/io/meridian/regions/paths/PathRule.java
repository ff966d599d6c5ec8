package io.meridian.regions.paths;

import io.meridian.regions.EndpointKind;
import java.util.List;

/**
 * A policy's constraint on the endpoints of one destination: {@code {"require": ["accelerated"]}} allows only those,
 * {@code {"avoid": ["public"]}} never uses those. Each entry names an endpoint kind (public, vpc, accelerated) or an
 * endpoint by name ({@code default} is the registry's own url, whose kind is public).
 */
public record PathRule(List<String> require, List<String> avoid) {

    public static final PathRule ANY = new PathRule(List.of(), List.of());

    public PathRule {
        require = require == null ? List.of() : List.copyOf(require);
        avoid = avoid == null ? List.of() : List.copyOf(avoid);
    }

    /** Why the rule refuses this endpoint, or null when it allows it. */
    public String refusal(String endpoint, EndpointKind kind) {
        if (!require.isEmpty() && !require.contains(endpoint) && !require.contains(kind.json())) {
            return "not in paths.require " + require;
        }
        if (avoid.contains(endpoint) || avoid.contains(kind.json())) {
            return "in paths.avoid " + avoid;
        }
        return null;
    }

    public boolean isAny() {
        return require.isEmpty() && avoid.isEmpty();
    }
}
