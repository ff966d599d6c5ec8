package io.meridian.server.api.regions;

import io.meridian.regions.Link;
import io.meridian.regions.Route;
import java.util.List;

/** A chosen path as the API shows it. */
public record RouteView(String from, String to, String weighting, double weight, List<String> regions, List<String> relays,
                        List<Link> links) {

    static RouteView of(Route route, String weighting) {
        return new RouteView(route.from(), route.to(), weighting, route.weight(), route.regions(), route.relays(), route.links());
    }
}
