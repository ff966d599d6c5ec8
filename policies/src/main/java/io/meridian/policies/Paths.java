package io.meridian.policies;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.util.List;

/**
 * A destination's constraint on the endpoints used to reach its registry (docs/PATHS.md):
 * {@code {"require": ["accelerated"]}} uses only those, {@code {"avoid": ["public"]}} never those. Each entry is an
 * endpoint kind ({@code public}, {@code vpc}, {@code accelerated}) or an endpoint's name ({@code default} is the
 * registry's own url).
 */
public record Paths(List<String> require, List<String> avoid) {

    public Paths {
        require = require == null ? List.of() : List.copyOf(require);
        avoid = avoid == null ? List.of() : List.copyOf(avoid);
    }

    /** Checks a rule as given ({@code field} is e.g. {@code destinations[0].paths}); null is allowed. */
    static void check(String field, Paths paths, Violations v) {
        if (paths == null) {
            return;
        }
        entries(field + ".require", paths.require(), v);
        entries(field + ".avoid", paths.avoid(), v);
        for (String r : paths.require()) {
            if (paths.avoid().contains(r)) {
                v.add(field + ".avoid", "\"" + r + "\" is both required and avoided");
            }
        }
    }

    private static void entries(String field, List<String> entries, Violations v) {
        for (int i = 0; i < entries.size(); i++) {
            String problem = Names.problem(entries.get(i));
            if (problem != null) {
                v.add(field + "[" + i + "]", problem + " (an endpoint kind: public, vpc, accelerated, or an endpoint name)");
            }
        }
    }
}
