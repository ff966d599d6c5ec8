package io.meridian.server.api.executions;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * What an execution's view adds to its row — conflict and delete counts, bytes per registry and per endpoint,
 * preheat outcomes, distribution times — loaded for a whole page of executions in five queries (one per kind, over
 * {@code execution_id = ANY(?)}), not five per execution: a page of 50 cost ~300 queries, and
 * {@code GET /api/v1/executions} a p99 of seconds under load (PolicyLoadTest).
 */
final class ExecutionExtras {

    /** One execution's bytes written through one recorded endpoint of a registry. */
    record EndpointRow(String registry, String endpoint, long written) {
    }

    private final Map<UUID, long[]> conflictsAndDeletes = new HashMap<>();
    private final Map<UUID, List<ExecutionView.RegistryBytes>> byRegistry = new HashMap<>();
    private final Map<UUID, List<EndpointRow>> byEndpoint = new HashMap<>();
    private final Map<UUID, Map<String, Long>> preheats = new HashMap<>();
    private final Map<UUID, List<ExecutionView.RegionDistribution>> distribution = new HashMap<>();

    private ExecutionExtras() {
    }

    static ExecutionExtras load(JdbcTemplate jdbc, Collection<UUID> ids) {
        ExecutionExtras extras = new ExecutionExtras();
        if (ids.isEmpty()) {
            return extras;
        }
        UUID[] array = ids.toArray(new UUID[0]);
        query(jdbc, """
                SELECT execution_id, count(*) FILTER (WHERE state = 'CONFLICT'), count(*) FILTER (WHERE state = 'DELETED')
                  FROM tasks WHERE execution_id = ANY(?) AND state IN ('CONFLICT', 'DELETED') GROUP BY execution_id""",
                array, rs -> extras.conflictsAndDeletes.put(id(rs), new long[] {rs.getLong(2), rs.getLong(3)}));
        query(jdbc, """
                SELECT b.execution_id, r.name, b.bytes_read, b.bytes_written FROM execution_registry_bytes b
                  JOIN registries r ON r.id = b.registry_id WHERE b.execution_id = ANY(?) ORDER BY r.name""",
                array, rs -> extras.byRegistry.computeIfAbsent(id(rs), k -> new ArrayList<>())
                        .add(new ExecutionView.RegistryBytes(rs.getString(2), rs.getLong(3), rs.getLong(4))));
        query(jdbc, """
                SELECT b.execution_id, r.name, b.endpoint, b.bytes_written FROM execution_endpoint_bytes b
                  JOIN registries r ON r.id = b.registry_id WHERE b.execution_id = ANY(?) ORDER BY r.name, b.endpoint""",
                array, rs -> extras.byEndpoint.computeIfAbsent(id(rs), k -> new ArrayList<>())
                        .add(new EndpointRow(rs.getString(2), rs.getString(3), rs.getLong(4))));
        query(jdbc, """
                SELECT execution_id, preheat->>'state', count(*) FROM tasks
                 WHERE execution_id = ANY(?) AND preheat IS NOT NULL GROUP BY 1, 2""",
                array, rs -> extras.preheats.computeIfAbsent(id(rs), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getLong(3)));
        query(jdbc, DistributionTimes.SQL_FOR_MANY, array, rs -> extras.distribution
                .computeIfAbsent(id(rs), k -> new ArrayList<>()).add(DistributionTimes.row(rs)));
        return extras;
    }

    long conflicts(UUID id) {
        return conflictsAndDeletes.getOrDefault(id, new long[2])[0];
    }

    long deleted(UUID id) {
        return conflictsAndDeletes.getOrDefault(id, new long[2])[1];
    }

    List<ExecutionView.RegistryBytes> byRegistry(UUID id) {
        return byRegistry.getOrDefault(id, List.of());
    }

    List<EndpointRow> byEndpoint(UUID id) {
        return byEndpoint.getOrDefault(id, List.of());
    }

    /** The execution's preheats by outcome, or null when none happened. */
    ExecutionView.Preheats preheats(UUID id) {
        Map<String, Long> states = preheats.get(id);
        return states == null ? null : new ExecutionView.Preheats(states.getOrDefault("SUCCESS", 0L),
                states.getOrDefault("PREHEAT_UNVERIFIED", 0L), states.getOrDefault("FAILURE", 0L));
    }

    List<ExecutionView.RegionDistribution> distribution(UUID id) {
        return distribution.getOrDefault(id, List.of());
    }

    private static UUID id(ResultSet rs) throws SQLException {
        return rs.getObject(1, UUID.class);
    }

    private static void query(JdbcTemplate jdbc, String sql, UUID[] ids, RowCallbackHandler handler) {
        jdbc.query(sql, (PreparedStatement ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)),
                handler);
    }
}
