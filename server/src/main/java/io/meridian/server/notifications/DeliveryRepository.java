package io.meridian.server.notifications;

import io.meridian.server.api.executions.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one writer of {@code notification_deliveries} and {@code notification_attempts}. */
@Repository
public class DeliveryRepository {

    /** A delivery this node holds until its claim expires. */
    public record Claimed(long id, String notification, String url, UUID execution, String event, int attempts) {
    }

    private final JdbcClient jdbc;

    public DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One PENDING delivery per (notification, execution) that ended with an event the notification wants, finished
     * since the notification was made (so a new receiver is not flooded with history) and within the last 7 days
     * (what a node down longer than that missed is not sent; the bound keeps this query a short index range).
     * Idempotent: several nodes may run it at once.
     *
     * @return how many deliveries were added
     */
    public int enqueueFinishedExecutions() {
        return jdbc.sql("""
                INSERT INTO notification_deliveries (notification_id, execution_id, event)
                SELECT n.id, e.id, 'execution.' || lower(e.status)
                  FROM notifications n
                  JOIN executions e ON e.finished_at >= GREATEST(n.created_at, now() - INTERVAL '7 days')
                                   AND ('execution.' || lower(e.status)) = ANY (n.events)
                 WHERE NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                    WHERE d.notification_id = n.id AND d.execution_id = e.id)
                ON CONFLICT ON CONSTRAINT notification_deliveries_uk DO NOTHING""").update();
    }

    /** Takes up to {@code limit} PENDING deliveries no live node holds, for {@code lease}. */
    public List<Claimed> claim(int limit, Duration lease) {
        return jdbc.sql("""
                UPDATE notification_deliveries d SET claimed_until = now() + CAST(:lease AS INTERVAL)
                  FROM notifications n
                 WHERE n.id = d.notification_id
                   AND d.id IN (SELECT id FROM notification_deliveries
                                 WHERE state = 'PENDING' AND (claimed_until IS NULL OR claimed_until < now())
                                 ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING d.id, n.name, n.url, d.execution_id, d.event, d.attempts""")
                .param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
                .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6)))
                .list();
    }

    /** Records one attempt and makes it the delivery's latest answer. */
    public void recordAttempt(long delivery, int attempt, OffsetDateTime startedAt, long durationMillis,
                              Integer statusCode, String error) {
        jdbc.sql("""
                INSERT INTO notification_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
                VALUES (:id, :attempt, :at, :ms, :status, :error) ON CONFLICT DO NOTHING""")
                .param("id", delivery).param("attempt", attempt).param("at", startedAt)
                .param("ms", (int) Math.min(Integer.MAX_VALUE, durationMillis)).param("status", statusCode)
                .param("error", error).update();
        jdbc.sql("""
                UPDATE notification_deliveries SET attempts = GREATEST(attempts, :attempt), last_status_code = :status,
                       last_error = :error WHERE id = :id""")
                .param("id", delivery).param("attempt", attempt).param("status", statusCode).param("error", error)
                .update();
    }

    /** @param state DELIVERED or FAILED */
    public void finish(long delivery, String state) {
        jdbc.sql("UPDATE notification_deliveries SET state = :state, finished_at = now(), claimed_until = NULL"
                + " WHERE id = :id").param("state", state).param("id", delivery).update();
    }

    /** Gives a delivery back (this node stops before it ended): another claim may take it at once. */
    public void release(long delivery) {
        jdbc.sql("UPDATE notification_deliveries SET claimed_until = NULL WHERE id = ? AND state = 'PENDING'")
                .param(delivery).update();
    }

    /** A notification's deliveries, newest first, each with its attempts. */
    public Page<DeliveryView> page(String notification, int page, int size) {
        long total = jdbc.sql("""
                SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                 WHERE n.name = ?""").param(notification).query(Long.class).single();
        List<DeliveryView> rows = jdbc.sql("""
                SELECT d.id, d.execution_id, d.event, d.state, d.attempts, d.last_status_code, d.last_error,
                       d.created_at, d.finished_at
                  FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
                 WHERE n.name = :name ORDER BY d.id DESC LIMIT :size OFFSET :offset""")
                .param("name", notification).param("size", size).param("offset", (long) page * size)
                .query(DeliveryRepository::delivery).list();
        if (rows.isEmpty()) {
            return new Page<>(rows, page, size, total);
        }
        Map<Long, List<DeliveryView.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT delivery_id, attempt, started_at, duration_ms, status_code, error FROM notification_attempts
                 WHERE delivery_id = ANY (CAST(:ids AS BIGINT[])) ORDER BY delivery_id, attempt""")
                .param("ids", "{" + String.join(",", rows.stream().map(r -> Long.toString(r.id())).toList()) + "}")
                .query((ResultSet rs) -> {
                    attempts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new DeliveryView.Attempt(
                            rs.getInt(2), rs.getObject(3, OffsetDateTime.class), rs.getInt(4),
                            (Integer) rs.getObject(5), rs.getString(6)));
                });
        List<DeliveryView> withHistory = rows.stream().map(r -> new DeliveryView(r.id(), r.execution(), r.event(),
                r.state(), r.attempts(), r.statusCode(), r.error(), r.createdAt(), r.finishedAt(),
                attempts.getOrDefault(r.id(), List.of()))).toList();
        return new Page<>(withHistory, page, size, total);
    }

    private static DeliveryView delivery(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getLong("id"), rs.getObject("execution_id", UUID.class).toString(),
                rs.getString("event"), rs.getString("state"), rs.getInt("attempts"),
                (Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                List.of());
    }
}
