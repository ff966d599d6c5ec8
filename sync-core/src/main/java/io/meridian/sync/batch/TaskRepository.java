package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.route.Route;
import io.meridian.sync.transfer.BlobMethod;
import io.meridian.sync.transfer.TaskProgress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The owner of {@code tasks} and of {@code blob_transfers} (the blobs each task moved): the
 * planner's inserts, the route step's reader and path writer, the transfer step's reader and
 * outcomes, the finalizer's counts.
 */
public final class TaskRepository {

    private static final String INSERT = """
            INSERT INTO tasks (execution_id, source_repository, reference, digest, media_type,
                               destination_registry_id, destination_repository, state, error_code, error_message,
                               finished_at, action, rewritten_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, ?, ?)
            ON CONFLICT (execution_id, source_repository, reference, destination_registry_id, destination_repository)
            DO NOTHING""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public TaskRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Inserts planned tasks in one JDBC batch; idempotent (a replan inserts only what is missing). */
    public void insert(UUID executionId, List<PlannedTask> tasks) {
        jdbc.batchUpdate(INSERT, tasks, tasks.size(), (ps, t) -> {
            ps.setObject(1, executionId);
            ps.setString(2, t.sourceRepository().value());
            ps.setString(3, t.referenceText());
            ps.setString(4, t.digest() == null ? null : t.digest().toString());
            ps.setString(5, t.mediaType() == null ? null : t.mediaType().value());
            ps.setLong(6, t.destinationRegistryId());
            ps.setString(7, t.destinationRepository().value());
            ps.setString(8, t.state().name());
            ps.setString(9, t.errorCode());
            if (t.errorMessage() == null) {
                ps.setNull(10, Types.VARCHAR);
            } else {
                ps.setString(10, t.errorMessage());
            }
            ps.setBoolean(11, t.state().isFinal());
            ps.setString(12, t.action().name());
            ps.setString(13, t.rewrittenDigest() == null ? null : t.rewrittenDigest().toString());
        });
    }

    /** Source repositories that still have copies to make (one transfer partition each). */
    public List<RepositoryName> repositoriesWithWork(UUID executionId) {
        return jdbc.query("""
                SELECT DISTINCT source_repository FROM tasks
                 WHERE execution_id = ? AND state IN ('PENDING', 'RUNNING') AND action IS DISTINCT FROM 'delete'
                 ORDER BY source_repository""",
                (rs, i) -> RepositoryName.parse(rs.getString(1)), executionId);
    }

    /**
     * A paging reader over the pending artifacts of one source repository: each item is one
     * artifact with its pending tasks (all destinations), in reference order. Key-set paging
     * (reference &gt; the last one read), so tasks finished meanwhile do not shift the pages; it
     * keeps no restart state: a restarted partition simply reads what is still pending.
     */
    JdbcPagingItemReader<PendingArtifact> pendingArtifacts(UUID executionId, RepositoryName repository, int pageSize) {
        PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
        query.setSelectClause("reference, min(digest) AS digest, array_agg(id ORDER BY id) AS ids,"
                + " array_agg(destination_registry_id ORDER BY id) AS registries,"
                + " array_agg(destination_repository ORDER BY id) AS repositories,"
                + " array_agg(action ORDER BY id) AS actions");
        query.setFromClause("tasks");
        // RUNNING: written by versions before the chunk-oriented step, redone like PENDING
        query.setWhereClause("execution_id = :executionId AND source_repository = :repository"
                + " AND state IN ('PENDING', 'RUNNING') AND action IS DISTINCT FROM 'delete'");
        query.setGroupClause("reference");
        query.setSortKeys(Map.of("reference", Order.ASCENDING));
        try {
            return new JdbcPagingItemReaderBuilder<PendingArtifact>()
                    .name("pendingArtifacts")
                    .dataSource(dataSource)
                    .queryProvider(query)
                    .parameterValues(Map.of("executionId", executionId, "repository", repository.value()))
                    .pageSize(pageSize)
                    .fetchSize(pageSize)
                    .saveState(false)
                    .rowMapper((rs, i) -> artifact(repository, rs))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("pending-artifact reader of " + repository.value() + ": " + e.getMessage(),
                    e);
        }
    }

    private static PendingArtifact artifact(RepositoryName repository, ResultSet rs) throws SQLException {
        Reference reference = Reference.parse(rs.getString("reference"));
        String digest = rs.getString("digest");
        Digest planned = digest == null ? null : Digest.parse(digest);
        Long[] ids = (Long[]) rs.getArray("ids").getArray();
        Long[] registries = (Long[]) rs.getArray("registries").getArray();
        String[] repositories = (String[]) rs.getArray("repositories").getArray();
        String[] actions = (String[]) rs.getArray("actions").getArray();
        List<TaskRow> rows = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            rows.add(new TaskRow(ids[i], repository, reference, planned, registries[i],
                    RepositoryName.parse(repositories[i]), TaskState.PENDING, actions[i]));
        }
        return new PendingArtifact(repository, reference, planned, rows);
    }

    /**
     * A paging reader over the pending tasks of an execution that have no route yet, by id
     * (key-set paging: rows routed meanwhile do not shift the pages).
     */
    JdbcPagingItemReader<TaskRow> unroutedTasks(UUID executionId, int pageSize) {
        PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
        query.setSelectClause("id, source_repository, reference, digest, destination_registry_id,"
                + " destination_repository, state");
        query.setFromClause("tasks");
        // deletions need no route: they are one call to the destination, made by the delete step
        query.setWhereClause("execution_id = :executionId AND state IN ('PENDING', 'RUNNING') AND path IS NULL"
                + " AND action IS DISTINCT FROM 'delete'");
        query.setSortKeys(Map.of("id", Order.ASCENDING));
        try {
            return new JdbcPagingItemReaderBuilder<TaskRow>()
                    .name("unroutedTasks")
                    .dataSource(dataSource)
                    .queryProvider(query)
                    .parameterValues(Map.of("executionId", executionId))
                    .pageSize(pageSize)
                    .fetchSize(pageSize)
                    .saveState(false)
                    .rowMapper((rs, i) -> new TaskRow(rs.getLong("id"),
                            RepositoryName.parse(rs.getString("source_repository")),
                            Reference.parse(rs.getString("reference")), Digest.parse(rs.getString("digest")),
                            rs.getLong("destination_registry_id"),
                            RepositoryName.parse(rs.getString("destination_repository")),
                            TaskState.valueOf(rs.getString("state"))))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("unrouted-task reader: " + e.getMessage(), e);
        }
    }

    /**
     * Records each task's route as its {@code path} (JSON), one JDBC batch per chunk; a task without a path
     * ({@link Route.NoPath}) ends FAILED with {@code NO_PATH} and the reason here, so the transfer never reads it.
     */
    JdbcBatchItemWriter<RoutedTask> pathWriter() {
        JdbcBatchItemWriter<RoutedTask> writer = new JdbcBatchItemWriterBuilder<RoutedTask>()
                .dataSource(dataSource)
                .sql("""
                        UPDATE tasks SET path = CAST(? AS jsonb),
                               state = CASE WHEN ? THEN 'FAILED' ELSE state END,
                               error_code = CASE WHEN ? THEN 'NO_PATH' ELSE error_code END,
                               error_message = CASE WHEN ? THEN ? ELSE error_message END,
                               finished_at = CASE WHEN ? THEN now() ELSE finished_at END
                         WHERE id = ?""")
                .itemPreparedStatementSetter((t, ps) -> {
                    boolean noPath = t.route() instanceof Route.NoPath;
                    ps.setString(1, pathJson(t.route()));
                    ps.setBoolean(2, noPath);
                    ps.setBoolean(3, noPath);
                    ps.setBoolean(4, noPath);
                    ps.setString(5, noPath ? t.route().reason() : null);
                    ps.setBoolean(6, noPath);
                    ps.setLong(7, t.taskId());
                })
                .assertUpdates(false)
                .build();
        writer.afterPropertiesSet();
        return writer;
    }

    static String pathJson(Route route) {
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("source", route.source());
        path.put("destination", route.destination());
        path.put("reason", route.reason());
        path.put("failovers", route.failovers());
        return JSON.writeValueAsString(path);
    }

    /** Records outcomes (state, bytes, error) and the blobs each task moved, in the caller's transaction. */
    void record(UUID executionId, List<TaskOutcome> outcomes) {
        // where the bytes really went (registries with several endpoints): the last endpoint and the fail-overs
        jdbc.batchUpdate("""
                UPDATE tasks SET state = ?, bytes = ?, error_code = ?, error_message = ?, finished_at = now(),
                                 rewritten_digest = ?,
                       path = CASE WHEN CAST(? AS text) IS NULL THEN path
                                   ELSE jsonb_set(jsonb_set(COALESCE(path, '{}'::jsonb), '{destination}',
                                        to_jsonb(CAST(? AS text))), '{failovers}', to_jsonb(CAST(? AS int))) END
                 WHERE id = ?""", outcomes, outcomes.size(), (ps, o) -> {
                    String via = o.progress() == null ? null : o.progress().lastEndpoint();
                    ps.setString(1, o.state().name());
                    ps.setLong(2, o.progress() == null ? 0 : o.progress().bytesWritten());
                    ps.setString(3, o.error() == null ? null : o.error().code());
                    ps.setString(4, o.error() == null ? null : o.error().message());
                    ps.setString(5, o.progress() == null || o.progress().rewrittenDigest() == null ? null
                            : o.progress().rewrittenDigest().toString());
                    ps.setString(6, via);
                    ps.setString(7, via);
                    ps.setInt(8, o.progress() == null ? 0 : o.progress().failovers());
                    ps.setLong(9, o.task().id());
                });
        List<Object[]> blobs = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            if (o.progress() != null) {
                for (TaskProgress.BlobRecord b : o.progress().blobs()) {
                    blobs.add(new Object[] {executionId, o.task().id(), b.digest().toString(),
                            o.task().destinationRegistryId(), b.method().column(), b.bytes()});
                }
            }
        }
        if (!blobs.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO blob_transfers (execution_id, task_id, digest, destination_registry_id, method, bytes, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'DONE')""", blobs);
        }
    }

    /** The mirror deletions an execution still has to make, by destination and tag. */
    List<TaskRow> pendingDeletes(UUID executionId) {
        return jdbc.query("""
                SELECT id, source_repository, reference, digest, destination_registry_id, destination_repository
                  FROM tasks WHERE execution_id = ? AND action = 'delete' AND state = 'PENDING'
                 ORDER BY destination_registry_id, destination_repository, reference""",
                (rs, i) -> new TaskRow(rs.getLong(1), RepositoryName.parse(rs.getString(2)),
                        Reference.parse(rs.getString(3)), Digest.parse(rs.getString(4)), rs.getLong(5),
                        RepositoryName.parse(rs.getString(6)), TaskState.PENDING), executionId);
    }

    /** Tasks not finished when an execution stops. */
    int stopUnfinished(UUID executionId) {
        return jdbc.update("""
                UPDATE tasks SET state = 'STOPPED', finished_at = now()
                 WHERE execution_id = ? AND state IN ('PENDING', 'RUNNING')""", executionId);
    }

    /**
     * Tasks a job that completed normally left unfinished: never a success. Failed as {@code NOT_RUN} so the
     * execution ends PARTIAL (or FAILED) and says which; the next run copies them.
     */
    int failUnfinished(UUID executionId) {
        return jdbc.update("""
                UPDATE tasks SET state = 'FAILED', finished_at = now(), error_code = 'NOT_RUN',
                       error_message = 'the job completed without running this task; the next run copies it'
                 WHERE execution_id = ? AND state IN ('PENDING', 'RUNNING')""", executionId);
    }

    Map<TaskState, Long> countByState(UUID executionId) {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        jdbc.query("SELECT state, count(*) FROM tasks WHERE execution_id = ? GROUP BY state",
                rs -> {
                    counts.put(TaskState.valueOf(rs.getString(1)), rs.getLong(2));
                }, executionId);
        return counts;
    }

    Map<BlobMethod, Long> countBlobs(UUID executionId) {
        Map<BlobMethod, Long> counts = new EnumMap<>(BlobMethod.class);
        jdbc.query("SELECT method, count(*) FROM blob_transfers WHERE execution_id = ? GROUP BY method",
                rs -> {
                    counts.put(BlobMethod.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getLong(2));
                }, executionId);
        return counts;
    }
}
