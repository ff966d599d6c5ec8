package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.policies.StrictJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code policy_versions} table (and {@code policies.version}, the number of the stored
 * definition). The caller owns the transaction and holds the policy's row lock (or has just
 * inserted it), so numbering cannot race.
 */
@Repository
public class PolicyVersions {

    private final JdbcClient jdbc;

    public PolicyVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores {@code policy} as the next version of its name and marks it current; returns its number. */
    public int record(Policy policy, String change, String changedBy) {
        int version = jdbc.sql("""
                        INSERT INTO policy_versions (policy_name, version, definition, change, changed_by)
                        SELECT :name, COALESCE(MAX(version), 0) + 1, CAST(:definition AS jsonb), :change, :by
                          FROM policy_versions WHERE policy_name = :name
                        RETURNING version""")
                .param("name", policy.name())
                .param("definition", StrictJson.write(policy))
                .param("change", change)
                .param("by", changedBy)
                .query(Integer.class).single();
        jdbc.sql("UPDATE policies SET version = :version WHERE name = :name")
                .param("version", version).param("name", policy.name()).update();
        return version;
    }

    /** Newest first, without definitions. */
    public List<PolicyVersionView> list(String name) {
        return jdbc.sql("""
                        SELECT policy_name, version, change, changed_by, changed_at, NULL AS definition
                          FROM policy_versions WHERE policy_name = :name ORDER BY version DESC""")
                .param("name", name).query(PolicyVersions::view).list();
    }

    public Optional<PolicyVersionView> find(String name, int version) {
        return jdbc.sql("""
                        SELECT policy_name, version, change, changed_by, changed_at, definition::text AS definition
                          FROM policy_versions WHERE policy_name = :name AND version = :version""")
                .param("name", name).param("version", version).query(PolicyVersions::view).optional();
    }

    private static PolicyVersionView view(ResultSet rs, int row) throws SQLException {
        String definition = rs.getString("definition");
        return new PolicyVersionView(rs.getString("policy_name"), rs.getInt("version"), rs.getString("change"),
                rs.getString("changed_by"), rs.getObject("changed_at", OffsetDateTime.class),
                definition == null ? null : StrictJson.readPolicy(definition));
    }
}
