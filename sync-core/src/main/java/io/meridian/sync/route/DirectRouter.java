package io.meridian.sync.route;

import io.meridian.sync.transfer.GuardedRegistry;

/** Today's only decision: each registry has one endpoint (its URL), so every route is direct. */
public final class DirectRouter implements Router {

    /** The name of a registry's only endpoint. */
    public static final String DEFAULT_ENDPOINT = "default";
    static final String REASON = "direct: single endpoint";

    @Override
    public Route route(GuardedRegistry source, GuardedRegistry destination) {
        return new Route.Direct(source.name() + "/" + DEFAULT_ENDPOINT, destination.name() + "/" + DEFAULT_ENDPOINT,
                REASON, 0);
    }
}
