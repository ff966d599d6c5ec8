package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskState;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SUCCEEDED means every task reached its end: a job that completed but left tasks PENDING (as a resume did once,
 * when it skipped a partition whose name now meant another repository) ends PARTIAL with those tasks NOT_RUN.
 */
class ExecutionFinalizerTest {

    private static final Digest DIGEST = Digest.parse("sha256:" + "cd".repeat(32));
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static ExecutionFinalizer finalizer;
    private static long registryId;

    @BeforeAll
    static void open() {
        db = TestDatabase.create();
        jdbc = new JdbcTemplate(db.dataSource());
        finalizer = new ExecutionFinalizer(new ExecutionRepository(db.dataSource()), new TaskRepository(db.dataSource()));
        jdbc.update("INSERT INTO regions (name) VALUES ('final')");
        registryId = jdbc.queryForObject("INSERT INTO registries (name, region_id, url) SELECT 'final-dst', id,"
                + " 'http://127.0.0.1:1' FROM regions WHERE name = 'final' RETURNING id", Long.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** A RUNNING execution with one task per tag, the first {@code copied} of them COPIED, the rest PENDING. */
    private static UUID execution(int tags, int copied) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO executions (id, policy_name, status, trigger, owner_node, heartbeat_at, awaiting_slot)
                VALUES (?, ?, 'RUNNING', 'manual', 'node', now(), false)""", id, "final-" + id);
        List<PlannedTask> planned = new java.util.ArrayList<>();
        for (int i = 0; i < tags; i++) {
            planned.add(new PlannedTask(RepositoryName.parse("team/app"), Reference.tag("v" + i), null, DIGEST, null,
                    registryId, RepositoryName.parse("team/app"), TaskState.PENDING, null, null));
        }
        new TaskRepository(db.dataSource()).insert(id, planned);
        jdbc.update("""
                UPDATE tasks SET state = 'COPIED', finished_at = now() WHERE id IN (
                  SELECT id FROM tasks WHERE execution_id = ? ORDER BY id LIMIT ?)""", id, copied);
        return id;
    }

    @Test
    void aCompletedJobThatLeftTasksPendingIsNotASuccess() {
        UUID id = execution(4, 3);

        ExecutionStatus status = finalizer.finish(id, false, null);

        assertThat(status).isEqualTo(ExecutionStatus.PARTIAL);
        assertThat(jdbc.queryForList("SELECT state || ':' || error_code FROM tasks WHERE execution_id = ?"
                + " AND state <> 'COPIED'", String.class, id)).containsExactly("FAILED:NOT_RUN");
        assertThat(jdbc.queryForObject("SELECT status FROM executions WHERE id = ?", String.class, id))
                .isEqualTo("PARTIAL");
    }

    @Test
    void aCompletedJobWhoseTasksAllEndedSucceeds() {
        UUID id = execution(3, 3);

        assertThat(finalizer.finish(id, false, null)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aStoppedJobStopsItsUnfinishedTasksInstead() {
        UUID id = execution(3, 1);

        assertThat(finalizer.finish(id, true, null)).isEqualTo(ExecutionStatus.STOPPED);
        assertThat(jdbc.queryForList("SELECT DISTINCT state FROM tasks WHERE execution_id = ? AND state <> 'COPIED'",
                String.class, id)).containsExactly("STOPPED");
    }
}
