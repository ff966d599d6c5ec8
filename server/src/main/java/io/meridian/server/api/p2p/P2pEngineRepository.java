package io.meridian.server.api.p2p;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code p2p_engines} table. The token column only ever holds {@code SecretCipher} output and is read back only
 * by {@link #tokenCiphertext(String)}. The caller owns the transaction.
 */
@Repository
public class P2pEngineRepository {

    private static final String SELECT = "SELECT e.name, g.name AS region, e.kind, e.url,"
            + " e.token_ciphertext IS NOT NULL AS token_set, e.scheduler_cluster_ids, e.scope, e.nodes, e.platforms,"
            + " e.created_at, e.updated_at FROM p2p_engines e JOIN regions g ON g.id = e.region_id";

    private final JdbcClient jdbc;

    public P2pEngineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the name is taken */
    public boolean insert(P2pEngineView e, byte[] tokenCiphertext) {
        return jdbc.sql("INSERT INTO p2p_engines (name, region_id, kind, url, token_ciphertext, scheduler_cluster_ids,"
                        + " scope, nodes, platforms) SELECT :name, g.id, :kind, :url, CAST(:token AS bytea),"
                        + " CAST(:clusters AS bigint[]), :scope, :nodes, CAST(:platforms AS text[])"
                        + " FROM regions g WHERE g.name = :region ON CONFLICT ON CONSTRAINT p2p_engines_name_uk DO NOTHING")
                .param("name", e.name()).param("region", e.region()).param("kind", e.kind()).param("url", e.url())
                .param("token", tokenCiphertext, java.sql.Types.BINARY)
                .param("clusters", arrayLiteral(e.schedulerClusterIds().stream().map(String::valueOf).toList()))
                .param("scope", e.scope()).param("nodes", e.nodes())
                .param("platforms", arrayLiteral(e.platforms()))
                .update() == 1;
    }

    public Optional<P2pEngineView> find(String name) {
        return jdbc.sql(SELECT + " WHERE e.name = :name").param("name", name).query(P2pEngineRepository::view)
                .optional();
    }

    public List<P2pEngineView> list() {
        return jdbc.sql(SELECT + " ORDER BY e.name").query(P2pEngineRepository::view).list();
    }

    /** The engines of the regions of these registries, by registry id. */
    public List<RegistryEngine> forRegistries(List<Long> registryIds) {
        if (registryIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT r.id AS registry_id, e.name FROM registries r JOIN p2p_engines e"
                        + " ON e.region_id = r.region_id WHERE r.id IN (:ids) AND e.enabled ORDER BY e.name")
                .param("ids", registryIds)
                .query((rs, i) -> new RegistryEngine(rs.getLong(1), rs.getString(2))).list();
    }

    public record RegistryEngine(long registryId, String engine) {
    }

    /** Which of {@code names} are registered engines (for a policy's {@code preheat.engines}). */
    public java.util.Set<String> existing(java.util.Collection<String> names) {
        if (names.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(jdbc.sql("SELECT name FROM p2p_engines WHERE name = ANY(CAST(:names AS text[]))")
                .param("names", arrayLiteral(List.copyOf(names))).query(String.class).list());
    }

    public Optional<byte[]> tokenCiphertext(String name) {
        return jdbc.sql("SELECT token_ciphertext FROM p2p_engines WHERE name = :name AND token_ciphertext IS NOT NULL")
                .param("name", name).query((rs, i) -> rs.getBytes(1)).optional();
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM p2p_engines WHERE name = :name").param("name", name).update() == 1;
    }

    /** A PostgreSQL array literal of plain values (digits, platform strings: no quotes or commas). */
    private static String arrayLiteral(List<String> values) {
        return "{" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "}";
    }

    private static P2pEngineView view(ResultSet rs, int row) throws SQLException {
        return new P2pEngineView(rs.getString("name"), rs.getString("region"), rs.getString("kind"),
                rs.getString("url"), rs.getBoolean("token_set"),
                Arrays.stream((Long[]) array(rs.getArray("scheduler_cluster_ids"))).toList(), rs.getString("scope"),
                rs.getInt("nodes"), Arrays.stream((String[]) array(rs.getArray("platforms"))).toList(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Object[] array(Array a) throws SQLException {
        return (Object[]) a.getArray();
    }
}
