package io.meridian.server.api.executions;

import io.meridian.sync.p2p.DistributionEstimate;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The distribution-time model of an execution (docs/PATHS.md): per destination region, the origin-only estimate
 * {@code T = bytes × nodes ÷ originBandwidth} (every node pulls the new bytes from the region's origin) next to the
 * measured replication time (execution start to the region's last finished task). Regions without {@code nodes}
 * or {@code originBandwidthMbps} show the measured time only.
 */
final class DistributionTimes {

    /** One peer's link in the P2P estimate, Gbit/s (the p2p-estimate endpoint's default). */
    static final double PEER_GBPS = 10;
    /** Seed peers the origin feeds in the P2P estimate (the p2p-estimate endpoint's default). */
    static final int SEEDS = 1;

    /** Rows of the executions {@code ANY(?)} names, each led by its execution id, by region name. */
    static final String SQL_FOR_MANY = """
            SELECT b.execution_id, g.name, g.nodes, g.origin_bandwidth_mbps, sum(b.bytes_written) AS bytes,
                   (SELECT CAST(extract(epoch FROM max(t.finished_at) - e.started_at) * 1000 AS double precision)
                      FROM tasks t JOIN registries tr ON tr.id = t.destination_registry_id
                     WHERE t.execution_id = b.execution_id AND tr.region_id = g.id) AS replication_ms,
                   (SELECT max((t.preheat->>'durationMillis')::bigint)
                      FROM tasks t JOIN registries tr ON tr.id = t.destination_registry_id
                     WHERE t.execution_id = b.execution_id AND tr.region_id = g.id) AS preheat_ms,
                   (SELECT p.name FROM p2p_engines p WHERE p.region_id = g.id AND p.enabled
                     ORDER BY p.nodes DESC, p.name LIMIT 1) AS engine
              FROM execution_registry_bytes b
              JOIN executions e ON e.id = b.execution_id
              JOIN registries r ON r.id = b.registry_id JOIN regions g ON g.id = r.region_id
             WHERE b.execution_id = ANY(?) AND b.bytes_written > 0
             GROUP BY g.id, g.name, g.nodes, g.origin_bandwidth_mbps, b.execution_id, e.started_at
             ORDER BY b.execution_id, g.name""";

    private DistributionTimes() {
    }

    static ExecutionView.RegionDistribution row(ResultSet rs) throws SQLException {
        long bytes = rs.getLong("bytes");
        Integer nodes = rs.getObject("nodes", Integer.class);
        Double mbps = rs.getObject("origin_bandwidth_mbps", Double.class);
        Double originOnly = nodes == null || mbps == null ? null : bytes * 8.0 * nodes / (mbps * 1e6);
        Double replicationMs = rs.getObject("replication_ms", Double.class);
        String engine = rs.getString("engine");
        DistributionEstimate p2p = originOnly == null || engine == null || nodes < 1 || !(mbps > 0) ? null
                : new DistributionEstimate(bytes, nodes, SEEDS, mbps * 1e6, PEER_GBPS * 1e9);
        Long preheatMs = rs.getObject("preheat_ms", Long.class);
        return new ExecutionView.RegionDistribution(rs.getString("name"), bytes, nodes, mbps,
                originOnly, replicationMs == null ? null : replicationMs / 1000.0,
                p2p == null ? null : engine, p2p == null ? null : p2p.p2pSeconds(),
                p2p == null ? null : p2p.savedPercent(), preheatMs == null ? null : preheatMs / 1000.0);
    }
}
