package io.meridian.sync.route;

import io.meridian.sync.transfer.GuardedRegistry;

/** Decides the {@link Route} of one (artifact, destination) before it is transferred. */
@FunctionalInterface
public interface Router {

    Route route(GuardedRegistry source, GuardedRegistry destination);
}
