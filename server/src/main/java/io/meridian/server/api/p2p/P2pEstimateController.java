package io.meridian.server.api.p2p;

import io.meridian.server.problem.ApiProblem;
import io.meridian.sync.p2p.DistributionEstimate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/executions/{id}/p2p-estimate}: per destination region with a P2P engine, how long its nodes
 * would need to pull what this execution copied there, origin-only beside P2P ({@link DistributionEstimate}), with
 * the preheat duration measured by the execution next to it.
 */
@RestController
@Tag(name = "p2p-engines")
public class P2pEstimateController {

    private static final double MAX_GBPS = 10_000;

    private final JdbcClient jdbc;

    public P2pEstimateController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One region's estimate; {@code measuredPreheatMillis}: the longest preheat there, null when none ran. */
    public record RegionEstimate(String region, String engine, int nodes, int seeds, long bytes,
                                 double originOnlySeconds, double p2pSeconds, double savedPercent,
                                 Long measuredPreheatMillis) {
    }

    public record Estimate(String execution, double originBandwidthGbps, double peerBandwidthGbps,
                           List<RegionEstimate> regions) {
    }

    @GetMapping("/api/v1/executions/{id}/p2p-estimate")
    @Operation(summary = "Distribution time per destination region: origin-only vs P2P, and the measured preheat")
    @Transactional(readOnly = true)
    public Estimate estimate(@PathVariable String id,
                             @RequestParam(defaultValue = "10") double originGbps,
                             @RequestParam(defaultValue = "10") double peerGbps,
                             @RequestParam(defaultValue = "1") int seeds) {
        UUID execution;
        try {
            execution = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("execution", id);
        }
        if (!(originGbps > 0) || originGbps > MAX_GBPS) {
            throw ApiProblem.badRequest("originGbps", "must be > 0 and at most " + MAX_GBPS + ", was " + originGbps);
        }
        if (!(peerGbps > 0) || peerGbps > MAX_GBPS) {
            throw ApiProblem.badRequest("peerGbps", "must be > 0 and at most " + MAX_GBPS + ", was " + peerGbps);
        }
        if (seeds < 1 || seeds > 10_000) {
            throw ApiProblem.badRequest("seeds", "must be 1-10000, was " + seeds);
        }
        if (jdbc.sql("SELECT count(*) FROM executions WHERE id = :id").param("id", execution).query(Long.class)
                .single() == 0) {
            throw ApiProblem.notFound("execution", id);
        }
        List<RegionEstimate> regions = new ArrayList<>();
        jdbc.sql("""
                SELECT g.name AS region, sum(t.bytes) AS bytes, max((t.preheat->>'durationMillis')::bigint) AS preheat,
                       (SELECT e.name FROM p2p_engines e WHERE e.region_id = g.id ORDER BY e.nodes DESC, e.name LIMIT 1)
                           AS engine,
                       (SELECT max(e.nodes) FROM p2p_engines e WHERE e.region_id = g.id) AS nodes
                  FROM tasks t JOIN registries r ON r.id = t.destination_registry_id JOIN regions g ON g.id = r.region_id
                 WHERE t.execution_id = :id AND t.state = 'COPIED'
                 GROUP BY g.id, g.name ORDER BY g.name""").param("id", execution).query((rs, i) -> {
                    String engine = rs.getString("engine");
                    if (engine != null && rs.getInt("nodes") > 0) {
                        DistributionEstimate e = new DistributionEstimate(rs.getLong("bytes"), rs.getInt("nodes"), seeds,
                                originGbps * 1e9, peerGbps * 1e9);
                        regions.add(new RegionEstimate(rs.getString("region"), engine, e.nodes(), seeds, e.bytes(),
                                e.originOnlySeconds(), e.p2pSeconds(), e.savedPercent(),
                                rs.getObject("preheat", Long.class)));
                    }
                    return null;
                }).list();
        return new Estimate(id, originGbps, peerGbps, regions);
    }
}
