package io.meridian.sync.batch;

import io.meridian.sync.route.Route;
import java.util.Objects;

/** The route step's output: the decision for one pending task. */
public record RoutedTask(long taskId, Route route) {
    public RoutedTask {
        Objects.requireNonNull(route, "route");
    }
}
