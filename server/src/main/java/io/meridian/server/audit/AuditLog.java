package io.meridian.server.audit;

import io.meridian.policies.StrictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who changed what: one {@code audit_log} row per create, update and delete, written in the
 * caller's transaction so the record and the change commit together. {@code detail} is the new
 * definition as the API shows it, so it never holds a secret.
 */
@Component
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param action e.g. {@code region.create}
     * @param target the resource's name
     * @param detail serialised to JSON; null for deletions
     */
    public void record(String action, String target, Object detail) {
        String actor = actor();
        jdbc.sql("INSERT INTO audit_log (actor, action, target, detail) VALUES (:actor, :action, :target, CAST(:detail AS jsonb))")
                .param("actor", actor)
                .param("action", action)
                .param("target", target)
                .param("detail", detail == null ? null : StrictJson.write(detail))
                .update();
        LOG.info("{} {} by {}", action, target, actor);
    }

    private static String actor() {
        return Actor.current();
    }
}
