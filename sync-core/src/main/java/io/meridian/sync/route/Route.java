package io.meridian.sync.route;

import java.util.Objects;

/**
 * How one (artifact, destination) travels: which endpoint of the source registry is read, which
 * endpoint of the destination is written, why, and how many endpoints were given up on before
 * this one. Recorded on the task (as its {@code path}) before the transfer. A closed set: {@link Direct}, or
 * {@link NoPath} when no endpoint may be used (the task then fails {@code NO_PATH} without being transferred).
 */
public sealed interface Route permits Route.Direct, Route.NoPath {

    /** The endpoint read, {@code <registry>/<endpoint>}. */
    String source();

    /** The endpoint written, {@code <registry>/<endpoint>}. */
    String destination();

    /** Why this route, for people: "direct: single endpoint". */
    String reason();

    /** Endpoints given up on (breaker open, unreachable) before this one. */
    int failovers();

    /** Straight from the source endpoint to the destination endpoint, nothing in between. */
    record Direct(String source, String destination, String reason, int failovers) implements Route {
        public Direct {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a route needs a reason");
            }
            if (failovers < 0) {
                throw new IllegalArgumentException("failovers must be >= 0, was " + failovers);
            }
        }
    }

    /**
     * No endpoint of a registry may be used (not reachable from this node, refused by the policy): the task fails
     * {@code NO_PATH} with {@code reason} naming every endpoint and why. The side that has a path names it.
     */
    record NoPath(String source, String destination, String reason) implements Route {
        public NoPath {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int failovers() {
            return 0;
        }
    }
}
