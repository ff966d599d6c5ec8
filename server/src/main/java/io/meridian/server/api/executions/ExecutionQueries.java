package io.meridian.server.api.executions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Read side of executions. A finished execution reports the totals written when it finished;
 * an active one is counted live from its tasks, so progress shows while it runs.
 */
@Repository
public class ExecutionQueries {

    private static final String SELECT = """
            SELECT id, policy_name, policy_version, status, trigger, created_at, started_at, finished_at, artifacts_total,
                   artifacts_copied, artifacts_skipped, artifacts_failed, blobs_copied, blobs_mounted, blobs_skipped,
                   bytes_read, bytes_written, error
              FROM executions""";

    private final JdbcTemplate jdbc;

    public ExecutionQueries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<ExecutionView> find(UUID id) {
        return views(jdbc.query(SELECT + " WHERE id = ?", Row::of, id)).stream().findFirst();
    }

    /** A policy by that name exists, or executions ran under that name (history outlives the policy). */
    public boolean policyKnown(String policy) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM policies WHERE name = ?)
                    OR EXISTS (SELECT 1 FROM executions WHERE policy_name = ?)""", Boolean.class, policy, policy));
    }

    public Page<ExecutionView> list(String policy, int page, int size) {
        List<ExecutionView> items;
        long total;
        if (policy == null) {
            items = views(jdbc.query(SELECT + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", Row::of, size,
                    (long) page * size));
            total = jdbc.queryForObject("SELECT count(*) FROM executions", Long.class);
        } else {
            items = views(jdbc.query(SELECT + " WHERE policy_name = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                    Row::of, policy, size, (long) page * size));
            total = jdbc.queryForObject("SELECT count(*) FROM executions WHERE policy_name = ?", Long.class, policy);
        }
        return new Page<>(items, page, size, total);
    }

    public Page<TaskView> tasks(UUID execution, String state, int page, int size) {
        String where = " WHERE t.execution_id = ?" + (state == null ? "" : " AND t.state = ?");
        Object[] args = state == null ? new Object[] {execution} : new Object[] {execution, state};
        long total = jdbc.queryForObject("SELECT count(*) FROM tasks t" + where, Long.class, args);
        Object[] paged = state == null
                ? new Object[] {execution, size, (long) page * size}
                : new Object[] {execution, state, size, (long) page * size};
        List<TaskView> items = jdbc.query("""
                SELECT t.id, t.source_repository, t.reference, t.digest, t.media_type, r.name AS registry,
                       t.destination_repository, t.state, t.bytes, t.error_code, t.error_message, t.started_at,
                       t.finished_at, t.path->>'source' AS path_source, t.path->>'destination' AS path_destination,
                       t.path->>'reason' AS path_reason, (t.path->>'failovers')::int AS path_failovers,
                       t.action, t.rewritten_digest, t.preheat::text AS preheat
                  FROM tasks t JOIN registries r ON r.id = t.destination_registry_id""" + where
                + " ORDER BY t.id LIMIT ? OFFSET ?", (rs, i) -> new TaskView(rs.getLong("id"),
                new TaskView.Artifact(rs.getString("source_repository"), rs.getString("reference"),
                        rs.getString("digest"), rs.getString("media_type")),
                new TaskView.Destination(rs.getString("registry"), rs.getString("destination_repository")),
                rs.getString("state"), rs.getLong("bytes"),
                rs.getString("error_code") == null ? null
                        : new TaskView.Error(rs.getString("error_code"), rs.getString("error_message")),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getString("path_source") == null ? null : new TaskView.Path(rs.getString("path_source"),
                        rs.getString("path_destination"), rs.getString("path_reason"), rs.getInt("path_failovers")),
                rs.getString("action"), rs.getString("rewritten_digest") == null ? null
                        : new TaskView.Rewritten(rs.getString("digest"), rs.getString("rewritten_digest")),
                rs.getString("preheat") == null ? null : PREHEAT_JSON.readTree(rs.getString("preheat"))),
                paged);
        return new Page<>(items, page, size, total);
    }

    /** An execution's row as stored; its summary is assembled with the page's {@link ExecutionExtras}. */
    private record Row(UUID id, String policy, Integer policyVersion, String status, String trigger,
                       OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, long[] totals,
                       String error) {

        static Row of(ResultSet rs, int row) throws SQLException {
            long[] totals = new long[TOTALS.size()];
            for (int i = 0; i < totals.length; i++) {
                totals[i] = rs.getLong(TOTALS.get(i));
            }
            return new Row(rs.getObject("id", UUID.class), rs.getString("policy_name"),
                    rs.getObject("policy_version", Integer.class), rs.getString("status"), rs.getString("trigger"),
                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("started_at", OffsetDateTime.class),
                    rs.getObject("finished_at", OffsetDateTime.class), totals, rs.getString("error"));
        }

        long total(String column) {
            return totals[TOTALS.indexOf(column)];
        }

        boolean active() {
            return status.equals("QUEUED") || status.equals("RUNNING") || status.equals("STOPPING");
        }
    }

    private static final List<String> TOTALS = List.of("artifacts_total", "artifacts_copied", "artifacts_skipped",
            "artifacts_failed", "blobs_copied", "blobs_mounted", "blobs_skipped", "bytes_read", "bytes_written");

    private List<ExecutionView> views(List<Row> rows) {
        ExecutionExtras extras = ExecutionExtras.load(jdbc, rows.stream().map(Row::id).toList());
        return rows.stream().map(row -> view(row, extras)).toList();
    }

    /**
     * Bytes written per destination endpoint: the recorded ones of registries with several endpoints, and for the
     * rest of a registry's written bytes its url ({@code <registry>/default}), which needs no row per execution.
     */
    private static List<ExecutionView.EndpointBytes> byEndpoint(List<ExecutionExtras.EndpointRow> rows,
                                                                List<ExecutionView.RegistryBytes> byRegistry) {
        Map<String, Long> recorded = new java.util.HashMap<>();
        List<ExecutionView.EndpointBytes> out = new java.util.ArrayList<>();
        for (ExecutionExtras.EndpointRow r : rows) {
            out.add(new ExecutionView.EndpointBytes(r.registry() + "/" + r.endpoint(), r.written()));
            recorded.merge(r.registry(), r.written(), Long::sum);
        }
        for (ExecutionView.RegistryBytes b : byRegistry) {
            long rest = b.written() - recorded.getOrDefault(b.registry(), 0L);
            if (rest > 0 && !recorded.containsKey(b.registry())) {
                out.add(new ExecutionView.EndpointBytes(b.registry() + "/default", rest));
            }
        }
        out.sort(java.util.Comparator.comparing(ExecutionView.EndpointBytes::endpoint));
        return out;
    }

    private ExecutionView view(Row row, ExecutionExtras extras) {
        UUID id = row.id();
        long conflicts = extras.conflicts(id);
        long deleted = extras.deleted(id);
        ExecutionView.Artifacts artifacts;
        ExecutionView.Blobs blobs;
        List<ExecutionView.RegistryBytes> byRegistry = extras.byRegistry(id);
        long read;
        long written;
        if (row.active()) {
            // counted live from the tasks, so progress shows while it runs (few executions are active at once)
            Map<String, Long> states = new java.util.HashMap<>();
            jdbc.query("SELECT state, count(*) FROM tasks WHERE execution_id = ? GROUP BY state",
                    r -> {
                        states.put(r.getString(1), r.getLong(2));
                    }, id);
            Map<String, Long> methods = new java.util.HashMap<>();
            jdbc.query("SELECT method, count(*) FROM blob_transfers WHERE execution_id = ? GROUP BY method",
                    r -> {
                        methods.put(r.getString(1), r.getLong(2));
                    }, id);
            artifacts = new ExecutionView.Artifacts(states.values().stream().mapToLong(Long::longValue).sum(),
                    states.getOrDefault("COPIED", 0L), states.getOrDefault("SKIPPED", 0L),
                    states.getOrDefault("FAILED", 0L), conflicts, deleted);
            blobs = new ExecutionView.Blobs(methods.getOrDefault("copied", 0L), methods.getOrDefault("mounted", 0L),
                    methods.getOrDefault("skipped", 0L));
            read = byRegistry.stream().mapToLong(ExecutionView.RegistryBytes::read).sum();
            written = byRegistry.stream().mapToLong(ExecutionView.RegistryBytes::written).sum();
        } else {
            artifacts = new ExecutionView.Artifacts(row.total("artifacts_total"), row.total("artifacts_copied"),
                    row.total("artifacts_skipped"), row.total("artifacts_failed"), conflicts, deleted);
            blobs = new ExecutionView.Blobs(row.total("blobs_copied"), row.total("blobs_mounted"),
                    row.total("blobs_skipped"));
            read = row.total("bytes_read");
            written = row.total("bytes_written");
        }
        OffsetDateTime startedAt = row.startedAt();
        OffsetDateTime finishedAt = row.finishedAt();
        Long duration = startedAt == null ? null
                : java.time.Duration.between(startedAt, finishedAt == null ? OffsetDateTime.now() : finishedAt).toMillis();
        return new ExecutionView(id.toString(), row.policy(), row.policyVersion(), row.status(), row.trigger(),
                row.createdAt(), startedAt, finishedAt, duration,
                new ExecutionView.Summary(artifacts, blobs, new ExecutionView.Bytes(read, written, byRegistry,
                        byEndpoint(extras.byEndpoint(id), byRegistry)), extras.preheats(id)),
                row.error(), emptyToNull(extras.distribution(id)));
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static final tools.jackson.databind.json.JsonMapper PREHEAT_JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

}
