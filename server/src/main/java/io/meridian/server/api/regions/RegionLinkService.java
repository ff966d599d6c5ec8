package io.meridian.server.api.regions;

import io.meridian.regions.FanOutTree;
import io.meridian.regions.Link;
import io.meridian.regions.LinkGraph;
import io.meridian.regions.Route;
import io.meridian.regions.Weighting;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.problem.ApiProblem;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Violations;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Links between regions, and the paths and fan-out trees chosen over them. */
@Service
public class RegionLinkService {

    private final RegionLinkRepository links;
    private final RegionRepository regions;
    private final AuditLog audit;

    public RegionLinkService(RegionLinkRepository links, RegionRepository regions, AuditLog audit) {
        this.links = links;
        this.regions = regions;
        this.audit = audit;
    }

    @Transactional
    public Link put(String from, String to, LinkBody body) {
        Violations v = new Violations();
        if (body.latencyMs() == null) {
            v.add("latencyMs", "is required");
        }
        if (body.bandwidthMbps() == null) {
            v.add("bandwidthMbps", "is required");
        }
        if (body.costPerGb() == null) {
            v.add("costPerGb", "is required");
        }
        v.throwIfAny("link");
        Link link = new Link(from, to, body.latencyMs(), body.bandwidthMbps(), body.costPerGb());
        for (String region : List.of(from, to)) {
            if (!regions.lockForReference(region)) {
                throw ApiProblem.notFound("region", region);
            }
        }
        Link before = links.find(from, to).orElse(null);
        links.upsert(link);
        audit.record("link.put", from + "->" + to, before, link);
        return link;
    }

    @Transactional
    public void delete(String from, String to) {
        Link before = links.find(from, to).orElse(null);
        if (!links.delete(from, to)) {
            throw ApiProblem.notFound("link", from + "->" + to);
        }
        audit.record("link.delete", from + "->" + to, before, null);
    }

    @Transactional(readOnly = true)
    public List<Link> list() {
        return links.list();
    }

    @Transactional(readOnly = true)
    public RouteView route(String from, String to, String weighting, Long bytes) {
        LinkGraph graph = graph(from, List.of(to));
        Route route = graph.route(from, to, weighting(weighting, bytes))
                .orElseThrow(() -> new ApiProblem(org.springframework.http.HttpStatus.NOT_FOUND, "to",
                        "no route from " + from + " to " + to + " over the known links"));
        return RouteView.of(route, weighting);
    }

    @Transactional(readOnly = true)
    public FanOutView fanOut(String from, List<String> to, String weighting, Long bytes) {
        FanOutTree tree = graph(from, to).fanOut(from, to, weighting(weighting, bytes));
        return FanOutView.of(tree, weighting);
    }

    private LinkGraph graph(String from, List<String> to) {
        LinkGraph graph = links.graph();
        for (String region : concat(from, to)) {
            if (!graph.regions().contains(region)) {
                throw ApiProblem.notFound("region", region);
            }
        }
        return graph;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(0, first);
        return all;
    }

    private static Weighting weighting(String name, Long bytes) {
        switch (name == null ? "latency" : name.toLowerCase(Locale.ROOT)) {
            case "latency":
                return Weighting.LATENCY;
            case "cost":
                return Weighting.COST;
            case "transfer":
                if (bytes == null || bytes < 0) {
                    throw new InvalidDefinitionException("route", List.of(new FieldViolation("bytes",
                            "is required (>= 0) for weighting=transfer")));
                }
                return Weighting.transferTime(bytes);
            default:
                throw new InvalidDefinitionException("route", List.of(new FieldViolation("weighting",
                        "must be one of latency, cost, transfer")));
        }
    }
}
