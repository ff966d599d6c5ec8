package io.meridian.sync.plan;

import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Objects;

/** A destination spec bound to its opened registry. */
public record PlanDestination(GuardedRegistry registry, DestinationSpec spec) {
    public PlanDestination {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(spec, "spec");
    }
}
