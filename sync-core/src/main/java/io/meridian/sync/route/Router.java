package io.meridian.sync.route;

import io.meridian.regions.paths.PathRule;
import io.meridian.sync.transfer.GuardedRegistry;

/** Decides the {@link Route} of one (artifact, destination) before it is transferred. */
@FunctionalInterface
public interface Router {

    Route route(GuardedRegistry source, GuardedRegistry destination);

    /** As above, under the policy's constraint on the destination's endpoints. */
    default Route route(GuardedRegistry source, GuardedRegistry destination, PathRule destinationPaths) {
        return route(source, destination);
    }
}
