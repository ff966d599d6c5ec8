package io.meridian.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API tokens in {@code api_tokens}: only SHA-256 hashes are stored, never the token. A token is
 * live while it is neither revoked nor past {@code expires_at}; live names are unique.
 */
@Repository
public class ApiTokens {

    /** A live token as {@code GET /api/v1/tokens} shows it: never the secret, never its hash. */
    public record TokenView(String name, String role, String registry, OffsetDateTime createdAt,
                            OffsetDateTime expiresAt, OffsetDateTime lastUsedAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LIVE = "t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())";

    private final JdbcClient jdbc;

    public ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new random token: {@code mrd_} + 256 bits, base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "mrd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The live owner of {@code token}; marks it used at most once a minute. The row is found by
     * its hash (an index look-up: timing there tells nothing about a 256-bit secret's hash
     * preimage), then the stored hash is compared with {@link MessageDigest#isEqual} in constant time.
     */
    public Optional<TokenOwner> authenticate(String token) {
        String hash = sha256Hex(token);
        record Row(TokenOwner owner, String hash) {
        }
        Optional<Row> row = jdbc.sql("SELECT t.id, t.name, t.role, r.name AS registry, t.expires_at, t.token_sha256"
                        + " FROM api_tokens t LEFT JOIN registries r ON r.id = t.registry_id"
                        + " WHERE t.token_sha256 = ? AND " + LIVE)
                .param(hash)
                .query((rs, n) -> new Row(new TokenOwner(rs.getLong("id"), rs.getString("name"),
                        Role.parse(rs.getString("role")), rs.getString("registry"),
                        rs.getObject("expires_at", OffsetDateTime.class)), rs.getString("token_sha256")))
                .optional();
        Optional<TokenOwner> owner = row.filter(r -> r.owner().role() != null && MessageDigest.isEqual(
                        r.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .map(Row::owner);
        owner.ifPresent(o -> jdbc.sql("update api_tokens set last_used_at = now() where id = ? "
                        + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param(o.id()).update());
        return owner;
    }

    /** The bootstrap admin token (idempotent for the same token). */
    public void insert(String name, Role role, String token) {
        jdbc.sql("insert into api_tokens(name, role, token_sha256) values (?, ?, ?) on conflict (token_sha256) do nothing")
                .params(name, role.value(), sha256Hex(token)).update();
    }

    /**
     * Stores a new token; false when a live token already has that name.
     *
     * @param registryId the registry a webhook token is for; null for other roles
     */
    public boolean create(String name, Role role, OffsetDateTime expiresAt, Long registryId, String token) {
        return jdbc.sql("""
                        INSERT INTO api_tokens (name, role, token_sha256, expires_at, registry_id)
                        VALUES (:name, :role, :hash, :expires, :registry)
                        ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING""")
                .param("name", name).param("role", role.value()).param("hash", sha256Hex(token))
                .param("expires", expiresAt).param("registry", registryId)
                .update() == 1;
    }

    /** Live (not revoked) tokens, expired ones included so they can be seen and deleted. */
    public List<TokenView> list() {
        return jdbc.sql("""
                        SELECT t.name, t.role, r.name AS registry, t.created_at, t.expires_at, t.last_used_at
                          FROM api_tokens t LEFT JOIN registries r ON r.id = t.registry_id
                         WHERE t.revoked_at IS NULL ORDER BY t.name""")
                .query((rs, n) -> new TokenView(rs.getString("name"), rs.getString("role"), rs.getString("registry"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("last_used_at", OffsetDateTime.class)))
                .list();
    }

    public Optional<TokenView> find(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Revokes the live token called {@code name}; false when there is none. */
    public boolean revoke(String name) {
        return jdbc.sql("UPDATE api_tokens SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL")
                .param(name).update() == 1;
    }

    /** Live hashes of tokens called {@code name}. */
    public List<String> liveHashes(String name) {
        return jdbc.sql("select token_sha256 from api_tokens where name = ? and revoked_at is null")
                .param(name).query(String.class).list();
    }

    /** Revokes every live token called {@code name} except the one with {@code keepHash}. */
    public int revokeOthers(String name, String keepHash) {
        return jdbc.sql("update api_tokens set revoked_at = now() where name = ? and revoked_at is null "
                        + "and token_sha256 <> ?")
                .params(name, keepHash).update();
    }
}
