package io.meridian.server.api.regions;

import io.meridian.regions.FanOutTree;
import io.meridian.regions.Link;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A fan-out tree as the API shows it: links parents-first, the order in which to replicate. */
public record FanOutView(String source, String weighting, double weight, Set<String> destinations, Set<String> unreachable,
                         Set<String> relays, List<Link> links) {

    static FanOutView of(FanOutTree tree, String weighting) {
        return new FanOutView(tree.source(), weighting, tree.weight(), new TreeSet<>(tree.destinations()),
                new TreeSet<>(tree.unreachable()), tree.relays(), tree.links());
    }
}
