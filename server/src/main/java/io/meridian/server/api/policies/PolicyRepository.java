package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.policies.StrictJson;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code policies} table: the definition is stored as the API's JSON in a JSONB column, so
 * what comes back is exactly what was accepted. The caller owns the transaction.
 */
@Repository
public class PolicyRepository {

    private final JdbcClient jdbc;

    public PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the name is taken */
    public boolean insert(Policy policy) {
        return jdbc.sql("INSERT INTO policies (name, definition) VALUES (:name, CAST(:definition AS jsonb))"
                        + " ON CONFLICT ON CONSTRAINT policies_name_uk DO NOTHING")
                .param("name", policy.name())
                .param("definition", StrictJson.write(policy))
                .update() == 1;
    }

    public boolean update(Policy policy) {
        return jdbc.sql("UPDATE policies SET definition = CAST(:definition AS jsonb), updated_at = now() WHERE name = :name")
                .param("name", policy.name())
                .param("definition", StrictJson.write(policy))
                .update() == 1;
    }

    public Optional<Policy> find(String name) {
        return jdbc.sql("SELECT definition::text FROM policies WHERE name = :name").param("name", name)
                .query(String.class).optional().map(StrictJson::readPolicy);
    }

    public List<Policy> list() {
        return jdbc.sql("SELECT definition::text FROM policies ORDER BY name").query(String.class).list().stream()
                .map(StrictJson::readPolicy).toList();
    }

    public boolean lockForChange(String name) {
        return jdbc.sql("SELECT id FROM policies WHERE name = :name FOR UPDATE").param("name", name)
                .query(Long.class).optional().isPresent();
    }

    /** Ids of executions of this policy that are waiting, queued, running or stopping. */
    public List<String> activeExecutions(String name) {
        return jdbc.sql("SELECT id::text FROM executions WHERE policy_name = :name"
                        + " AND status IN ('WAITING', 'QUEUED', 'RUNNING', 'STOPPING')")
                .param("name", name).query(String.class).list();
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM policies WHERE name = :name").param("name", name).update() == 1;
    }
}
