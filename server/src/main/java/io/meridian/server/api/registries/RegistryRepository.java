package io.meridian.server.api.registries;

import io.meridian.regions.RegistryDefinition;
import io.meridian.regions.RegistryKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code registries} table. The password column only ever holds {@code SecretCipher} output
 * and is read back only by {@link #passwordCiphertext(String)}. The caller owns the transaction.
 */
@Repository
public class RegistryRepository {

    private static final String SELECT = "SELECT r.name, g.name AS region, r.url, r.insecure, r.kind, r.ca_bundle, r.username,"
            + " r.password_ciphertext IS NOT NULL AS password_set, r.created_at, r.updated_at,"
            + " r.s3_bucket, r.s3_prefix, r.s3_region, r.s3_endpoint, r.s3_path_style,"
            + " r.s3_access_key_id_ciphertext IS NOT NULL AS s3_key_set, r.s3_secret_key_ciphertext IS NOT NULL AS s3_secret_set,"
            + " r.endpoints::text AS endpoints"
            + " FROM registries r JOIN regions g ON g.id = r.region_id";

    /**
     * The bucket settings of an {@code s3} registry as stored; keys are {@code SecretCipher} output. {@code keepKeys}
     * leaves the stored keys as they are on update.
     */
    public record S3Columns(String bucket, String prefix, String region, String endpoint, boolean pathStyle,
                            byte[] accessKeyIdCiphertext, byte[] secretKeyCiphertext, boolean keepKeys) {
        static final S3Columns NONE = new S3Columns(null, null, null, null, false, null, null, false);
    }

    /** The stored key ciphertexts of an s3 registry: [access key id, secret key], or empty when none are stored. */
    public Optional<byte[][]> s3KeyCiphertexts(String name) {
        return jdbc.sql("SELECT s3_access_key_id_ciphertext, s3_secret_key_ciphertext FROM registries WHERE name = :name"
                        + " AND s3_access_key_id_ciphertext IS NOT NULL")
                .param("name", name).query((rs, row) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).optional();
    }

    private final JdbcClient jdbc;

    public RegistryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the name is taken */
    public boolean insert(RegistryDefinition registry, String caBundle, String username, byte[] passwordCiphertext) {
        return insert(registry, caBundle, username, passwordCiphertext, S3Columns.NONE);
    }

    /** @return false when the name is taken */
    public boolean insert(RegistryDefinition registry, String caBundle, String username, byte[] passwordCiphertext,
                          S3Columns s3) {
        return bindS3(bind(jdbc.sql("INSERT INTO registries (name, region_id, url, insecure, kind, ca_bundle, username, password_ciphertext,"
                        + " s3_bucket, s3_prefix, s3_region, s3_endpoint, s3_path_style, s3_access_key_id_ciphertext, s3_secret_key_ciphertext)"
                        + " SELECT :name, g.id, :url, :insecure, :kind, :caBundle, :username, CAST(:password AS bytea),"
                        + " :s3Bucket, :s3Prefix, :s3Region, :s3Endpoint, :s3PathStyle, CAST(:s3Key AS bytea), CAST(:s3Secret AS bytea)"
                        + " FROM regions g WHERE g.name = :region"
                        + " ON CONFLICT ON CONSTRAINT registries_name_uk DO NOTHING"),
                registry, caBundle, username, passwordCiphertext), s3)
                .update() == 1;
    }

    private static JdbcClient.StatementSpec bindS3(JdbcClient.StatementSpec sql, S3Columns s3) {
        return sql.param("s3Bucket", s3.bucket()).param("s3Prefix", s3.prefix()).param("s3Region", s3.region())
                .param("s3Endpoint", s3.endpoint()).param("s3PathStyle", s3.pathStyle()).param("s3Keep", s3.keepKeys())
                .param("s3Key", s3.accessKeyIdCiphertext(), java.sql.Types.BINARY)
                .param("s3Secret", s3.secretKeyCiphertext(), java.sql.Types.BINARY);
    }

    /** The definition's columns, shared by insert and update. */
    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, RegistryDefinition registry,
                                                 String caBundle, String username, byte[] passwordCiphertext) {
        return sql.param("name", registry.name())
                .param("caBundle", caBundle)
                .param("region", registry.region())
                .param("url", registry.url())
                .param("insecure", registry.insecure())
                .param("kind", registry.kind().json())
                .param("username", username)
                .param("password", passwordCiphertext, java.sql.Types.BINARY);
    }

    /** Replaces everything; the stored password is kept when {@code keepPassword}. */
    public boolean update(RegistryDefinition registry, String caBundle, String username, byte[] passwordCiphertext,
                          boolean keepPassword) {
        return update(registry, caBundle, username, passwordCiphertext, keepPassword, S3Columns.NONE);
    }

    /** Replaces everything; the stored password is kept when {@code keepPassword}, the s3 keys when {@code s3.keepKeys}. */
    public boolean update(RegistryDefinition registry, String caBundle, String username, byte[] passwordCiphertext,
                          boolean keepPassword, S3Columns s3) {
        return bindS3(bind(jdbc.sql("UPDATE registries SET region_id = (SELECT id FROM regions WHERE name = :region), url = :url,"
                        + " insecure = :insecure, kind = :kind, ca_bundle = :caBundle, username = :username,"
                        + " password_ciphertext = CASE WHEN CAST(:keep AS boolean) THEN password_ciphertext ELSE CAST(:password AS bytea) END,"
                        + " s3_bucket = :s3Bucket, s3_prefix = :s3Prefix, s3_region = :s3Region, s3_endpoint = :s3Endpoint,"
                        + " s3_path_style = :s3PathStyle,"
                        + " s3_access_key_id_ciphertext = CASE WHEN CAST(:s3Keep AS boolean) THEN s3_access_key_id_ciphertext ELSE CAST(:s3Key AS bytea) END,"
                        + " s3_secret_key_ciphertext = CASE WHEN CAST(:s3Keep AS boolean) THEN s3_secret_key_ciphertext ELSE CAST(:s3Secret AS bytea) END,"
                        + " updated_at = now() WHERE name = :name"),
                registry, caBundle, username, passwordCiphertext), s3)
                .param("keep", keepPassword)
                .update() == 1;
    }

    public Optional<RegistryView> find(String name) {
        return jdbc.sql(SELECT + " WHERE r.name = :name").param("name", name).query(RegistryRepository::view).optional();
    }

    public List<RegistryView> list() {
        return jdbc.sql(SELECT + " ORDER BY r.name").query(RegistryRepository::view).list();
    }

    /** @return the stored ciphertext, or empty when there is no registry or no password */
    public Optional<byte[]> passwordCiphertext(String name) {
        return jdbc.sql("SELECT password_ciphertext FROM registries WHERE name = :name AND password_ciphertext IS NOT NULL")
                .param("name", name).query((rs, row) -> rs.getBytes(1)).optional();
    }

    /** Locks the named rows against deletion while a policy starts referring to them; returns those that exist. */
    public List<String> lockForReference(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT name FROM registries WHERE name IN (:names) ORDER BY name FOR SHARE")
                .param("names", names).query(String.class).list();
    }

    /** The kind of each named registry that exists. */
    public java.util.Map<String, RegistryKind> kinds(Collection<String> names) {
        if (names.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, RegistryKind> out = new java.util.HashMap<>();
        jdbc.sql("SELECT name, kind FROM registries WHERE name IN (:names)").param("names", names)
                .query((rs, i) -> out.put(rs.getString(1), RegistryKind.parse(rs.getString(2)))).list();
        return out;
    }

    public boolean lockForDelete(String name) {
        return jdbc.sql("SELECT id FROM registries WHERE name = :name FOR UPDATE").param("name", name)
                .query(Long.class).optional().isPresent();
    }

    /** How many replication tasks name this registry as their destination (history that must outlive it). */
    public long historyCount(String name) {
        return jdbc.sql("SELECT count(*) FROM tasks t JOIN registries r ON r.id = t.destination_registry_id WHERE r.name = :name")
                .param("name", name).query(Long.class).single();
    }

    /** Policies whose source or any destination is this registry. */
    public List<String> policiesUsing(String name) {
        return jdbc.sql("SELECT name FROM policies WHERE definition -> 'source' ->> 'registry' = :name"
                        + " OR definition -> 'destinations' @> CAST(:probe AS jsonb) ORDER BY name")
                .param("name", name)
                .param("probe", io.meridian.policies.StrictJson.write(List.of(java.util.Map.of("registry", name))))
                .query(String.class).list();
    }

    /** Replaces a registry's endpoints (JSON from {@link Endpoints#toJson}); the caller's transaction. */
    public void setEndpoints(String name, String endpointsJson) {
        jdbc.sql("UPDATE registries SET endpoints = CAST(:endpoints AS jsonb) WHERE name = :name")
                .param("endpoints", endpointsJson).param("name", name).update();
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM registries WHERE name = :name").param("name", name).update() == 1;
    }

    private static RegistryView view(ResultSet rs, int row) throws SQLException {
        return new RegistryView(rs.getString("name"), rs.getString("region"), rs.getString("url"),
                rs.getBoolean("insecure"), RegistryKind.parse(rs.getString("kind")), rs.getString("ca_bundle"),
                rs.getString("username"),
                rs.getBoolean("password_set"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getString("s3_bucket") == null ? null : new S3View(rs.getString("s3_bucket"), rs.getString("s3_prefix"),
                        rs.getString("s3_region"), rs.getString("s3_endpoint"), rs.getBoolean("s3_path_style"),
                        rs.getBoolean("s3_key_set"), rs.getBoolean("s3_secret_set")),
                Endpoints.views(rs.getString("endpoints")));
    }
}
