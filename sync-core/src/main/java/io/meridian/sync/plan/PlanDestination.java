package io.meridian.sync.plan;

import io.meridian.regions.paths.PathRule;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Objects;

/** A destination spec bound to its opened registry; {@code paths} constrains the registry's endpoints used. */
public record PlanDestination(GuardedRegistry registry, DestinationSpec spec, PathRule paths) {

    public PlanDestination(GuardedRegistry registry, DestinationSpec spec) {
        this(registry, spec, PathRule.ANY);
    }

    public PlanDestination {
        paths = paths == null ? PathRule.ANY : paths;
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(spec, "spec");
        registry = registry.under(paths); // every request to it keeps to the endpoints the policy allows
    }
}
