package io.meridian.server.audit;

import io.meridian.policies.StrictJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Who changed what: one {@code audit_log} row per create, update and delete, written in the
 * caller's transaction so the record and the change commit together, with the state before and
 * after (as the API shows it) and every secret-looking field redacted ({@link Redactor}).
 */
@Component
public class AuditLog {

    /** One record as {@code GET /api/v1/audit} shows it. */
    public record Entry(long id, OffsetDateTime at, String actor, String kind, String action, String target,
                        JsonNode before, JsonNode after) {
    }

    /** A page of entries, newest first. */
    public record Page(List<Entry> items, int page, int size, long total) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param action e.g. {@code region.create}; the part before the dot is the record's kind
     * @param target the resource's name
     * @param detail the new state, serialised to JSON; null for deletions
     */
    public void record(String action, String target, Object detail) {
        record(action, target, null, detail);
    }

    /**
     * @param before the state the change replaced (null for a creation)
     * @param after  the state it wrote (null for a deletion)
     */
    public void record(String action, String target, Object before, Object after) {
        String actor = Actor.current();
        jdbc.sql("""
                        INSERT INTO audit_log (actor, kind, action, target, before, detail)
                        VALUES (:actor, :kind, :action, :target, CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .param("actor", actor)
                .param("kind", kind(action))
                .param("action", action)
                .param("target", target)
                .param("before", json(before))
                .param("after", json(after))
                .update();
        LOG.info("{} {} by {}", action, target, actor);
    }

    /** @param kind null for every kind */
    public Page page(String kind, int page, int size) {
        String where = kind == null ? "" : " WHERE kind = :kind";
        var count = jdbc.sql("SELECT count(*) FROM audit_log" + where);
        var select = jdbc.sql("SELECT id, at, actor, kind, action, target, before::text AS before, detail::text AS after"
                + " FROM audit_log" + where + " ORDER BY at DESC, id DESC LIMIT :size OFFSET :offset");
        if (kind != null) {
            count = count.param("kind", kind);
            select = select.param("kind", kind);
        }
        List<Entry> items = select.param("size", size).param("offset", (long) page * size)
                .query(AuditLog::entry).list();
        return new Page(items, page, size, count.query(Long.class).single());
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class), rs.getString("actor"),
                rs.getString("kind"), rs.getString("action"), rs.getString("target"), tree(rs.getString("before")),
                tree(rs.getString("after")));
    }

    private static JsonNode tree(String json) {
        return json == null ? null : Redactor.redact(StrictJson.MAPPER.readTree(json));
    }

    private static String json(Object value) {
        return value == null ? null : StrictJson.write(Redactor.redact(StrictJson.MAPPER.valueToTree(value)));
    }

    static String kind(String action) {
        int dot = action.indexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }
}
