package io.meridian.regions;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * The regions and the directed links between them. Immutable and thread-safe once built; path
 * questions are answered with JGraphT's Dijkstra over a weighted view, so one graph serves any
 * {@link Weighting}.
 */
public final class LinkGraph {

    private final Graph<String, Link> graph;

    private LinkGraph(Graph<String, Link> graph) {
        this.graph = graph;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<String> regions() {
        return Set.copyOf(graph.vertexSet());
    }

    public Set<Link> links() {
        return Set.copyOf(graph.edgeSet());
    }

    public Optional<Link> link(String from, String to) {
        requireRegion(from);
        requireRegion(to);
        return Optional.ofNullable(graph.getEdge(from, to));
    }

    /** The best path, any region may relay. */
    public Optional<Route> route(String from, String to, Weighting weighting) {
        return route(from, to, weighting, region -> true);
    }

    /**
     * The best path from {@code from} to {@code to} that relays only through regions accepted by
     * {@code relayAllowed} (e.g. to keep data inside one jurisdiction); empty when there is none.
     */
    public Optional<Route> route(String from, String to, Weighting weighting, Predicate<String> relayAllowed) {
        requireRegion(from);
        requireRegion(to);
        if (from.equals(to)) {
            return Optional.of(new Route(from, to, java.util.List.of(), 0));
        }
        Graph<String, Link> view = view(weighting, r -> r.equals(from) || r.equals(to) || relayAllowed.test(r));
        GraphPath<String, Link> path = new DijkstraShortestPath<>(view).getPath(from, to);
        return Optional.ofNullable(path).map(p -> new Route(from, to, p.getEdgeList(), p.getWeight()));
    }

    /** {@link #fanOut(String, Collection, Weighting, Predicate)} with every region allowed to relay. */
    public FanOutTree fanOut(String source, Collection<String> destinations, Weighting weighting) {
        return fanOut(source, destinations, weighting, region -> true);
    }

    /**
     * A shortest-path tree from {@code source}, pruned to the branches that lead to a destination.
     * Each destination is reached by its own shortest path and, because all paths come from one
     * Dijkstra predecessor tree, no region is entered twice: a blob crosses each link at most
     * once. (A tree of least <em>total</em> weight is the Steiner arborescence problem, NP-hard;
     * per-destination shortest paths are what replication latency needs.) Destinations may relay
     * to each other; other regions only when {@code relayAllowed} accepts them.
     */
    public FanOutTree fanOut(String source, Collection<String> destinations, Weighting weighting,
                             Predicate<String> relayAllowed) {
        requireRegion(source);
        Set<String> targets = new LinkedHashSet<>(destinations);
        targets.forEach(this::requireRegion);
        Graph<String, Link> view = view(weighting, r -> r.equals(source) || targets.contains(r) || relayAllowed.test(r));
        SingleSourcePaths<String, Link> tree = new DijkstraShortestPath<>(view).getPaths(source);
        Map<String, Link> parentLink = new LinkedHashMap<>();
        Set<String> reached = new LinkedHashSet<>();
        Set<String> unreachable = new LinkedHashSet<>();
        for (String target : targets) {
            if (target.equals(source)) {
                reached.add(target);
                continue;
            }
            GraphPath<String, Link> path = tree.getPath(target);
            if (path == null) {
                unreachable.add(target);
                continue;
            }
            reached.add(target);
            for (Link link : path.getEdgeList()) {
                Link previous = parentLink.putIfAbsent(link.to(), link);
                if (previous != null && !previous.equals(link)) {
                    throw new IllegalStateException("fan-out tree enters " + link.to() + " twice: " + previous + ", " + link);
                }
            }
        }
        return new FanOutTree(source, parentLink, reached, unreachable, weighting);
    }

    private Graph<String, Link> view(Weighting weighting, Predicate<String> visible) {
        Graph<String, Link> weighted = new AsWeightedGraph<>(graph, link -> checkedWeight(weighting, link), true, false);
        return new MaskSubgraph<>(weighted, region -> !visible.test(region), link -> false);
    }

    private static double checkedWeight(Weighting weighting, Link link) {
        double weight = weighting.weight(link);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weighting gave " + weight + " for link " + link + "; weights must be finite and >= 0");
        }
        return weight;
    }

    private void requireRegion(String region) {
        if (!graph.containsVertex(region)) {
            throw new IllegalArgumentException("unknown region \"" + region + "\" in the link graph");
        }
    }

    /** Collects regions and links; a later link between the same two regions replaces an earlier one. */
    public static final class Builder {

        private final Set<String> regions = new LinkedHashSet<>();
        private final Map<String, Link> links = new HashMap<>();

        private Builder() {
        }

        public Builder region(String name) {
            String problem = Names.problem(name);
            if (problem != null) {
                throw new InvalidDefinitionException("region", java.util.List.of(new FieldViolation("name", problem)));
            }
            regions.add(name);
            return this;
        }

        public Builder region(Region region) {
            return region(region.name());
        }

        public Builder link(Link link) {
            regions.add(link.from());
            regions.add(link.to());
            links.put(link.from() + "\n" + link.to(), link);
            return this;
        }

        /** The link and its reverse with the same figures. */
        public Builder bidirectional(Link link) {
            return link(link).link(link.reversed());
        }

        public LinkGraph build() {
            Graph<String, Link> graph = GraphTypeBuilder.<String, Link>directed()
                    .allowingMultipleEdges(false).allowingSelfLoops(false).weighted(false).buildGraph();
            regions.forEach(graph::addVertex);
            links.values().forEach(l -> graph.addEdge(l.from(), l.to(), l));
            return new LinkGraph(new org.jgrapht.graph.AsUnmodifiableGraph<>(graph));
        }
    }
}
