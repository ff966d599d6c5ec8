package io.meridian.regions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one artifact spreads from a source region to many destinations: a tree rooted at the
 * source in which every region is entered by exactly one link, so every byte crosses every link
 * at most once. Regions inside the tree that are destinations themselves forward to their
 * children after they hold the artifact; other inner regions are pure relays.
 */
public final class FanOutTree {

    private final String source;
    private final Map<String, Link> parentLink; // region -> the one link entering it
    private final Set<String> destinations;
    private final Set<String> unreachable;
    private final Weighting weighting;

    FanOutTree(String source, Map<String, Link> parentLink, Set<String> destinations, Set<String> unreachable,
               Weighting weighting) {
        this.source = source;
        this.parentLink = Collections.unmodifiableMap(new LinkedHashMap<>(parentLink));
        this.destinations = Set.copyOf(destinations);
        this.unreachable = Set.copyOf(unreachable);
        this.weighting = weighting;
    }

    public String source() {
        return source;
    }

    /** Destinations the tree reaches. */
    public Set<String> destinations() {
        return destinations;
    }

    /** Destinations no path leads to (missing links, or only through forbidden relays). */
    public Set<String> unreachable() {
        return unreachable;
    }

    public Optional<Link> parent(String region) {
        return Optional.ofNullable(parentLink.get(region));
    }

    public List<Link> children(String region) {
        List<Link> children = new ArrayList<>();
        for (Link link : parentLink.values()) {
            if (link.from().equals(region)) {
                children.add(link);
            }
        }
        return children;
    }

    /** All links of the tree, parents before children: the order in which to replicate. */
    public List<Link> links() {
        List<Link> ordered = new ArrayList<>(parentLink.size());
        Deque<String> queue = new ArrayDeque<>(List.of(source));
        while (!queue.isEmpty()) {
            for (Link child : children(queue.removeFirst())) {
                ordered.add(child);
                queue.addLast(child.to());
            }
        }
        return ordered;
    }

    /** Regions the artifact passes through without being a destination. */
    public Set<String> relays() {
        Set<String> relays = new java.util.TreeSet<>(parentLink.keySet());
        relays.removeAll(destinations);
        return relays;
    }

    /** The path within the tree from the source to one reached region. */
    public Route pathTo(String region) {
        if (!region.equals(source) && !parentLink.containsKey(region)) {
            throw new IllegalArgumentException("region " + region + " is not in the fan-out tree from " + source);
        }
        List<Link> reversed = new ArrayList<>();
        double weight = 0;
        for (String at = region; !at.equals(source); ) {
            Link link = parentLink.get(at);
            reversed.add(link);
            weight += weighting.weight(link);
            at = link.from();
        }
        Collections.reverse(reversed);
        return new Route(source, region, reversed, weight);
    }

    /** Total weight of all links of the tree: what one copy to every destination costs. */
    public double weight() {
        return parentLink.values().stream().mapToDouble(weighting::weight).sum();
    }
}
