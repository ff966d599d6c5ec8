package io.meridian.server.api.executions;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The distribution-time model of an execution (docs/PATHS.md): per destination region, the origin-only estimate
 * {@code T = bytes × nodes ÷ originBandwidth} (every node pulls the new bytes from the region's origin) next to the
 * measured replication time (execution start to the region's last finished task). Regions without {@code nodes}
 * or {@code originBandwidthMbps} show the measured time only.
 */
final class DistributionTimes {

    /** Rows of the executions {@code ANY(?)} names, each led by its execution id, by region name. */
    static final String SQL_FOR_MANY = """
            SELECT b.execution_id, g.name, g.nodes, g.origin_bandwidth_mbps, sum(b.bytes_written) AS bytes,
                   (SELECT CAST(extract(epoch FROM max(t.finished_at) - e.started_at) * 1000 AS double precision)
                      FROM tasks t JOIN registries tr ON tr.id = t.destination_registry_id
                     WHERE t.execution_id = b.execution_id AND tr.region_id = g.id) AS replication_ms
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
        return new ExecutionView.RegionDistribution(rs.getString("name"), bytes, nodes, mbps, originOnly,
                replicationMs == null ? null : replicationMs / 1000.0);
    }
}
