package io.meridian.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API tokens in {@code api_tokens}: only SHA-256 hashes are stored, never the token. */
@Repository
public class ApiTokens {

    /** Who a valid token belongs to. */
    public record TokenOwner(long id, String name, String role) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** The live (not revoked) owner of {@code token}; marks it used at most once a minute. */
    public Optional<TokenOwner> authenticate(String token) {
        String hash = sha256Hex(token);
        Optional<TokenOwner> owner = jdbc.sql("select id, name, role from api_tokens "
                        + "where token_sha256 = ? and revoked_at is null")
                .param(hash)
                .query((rs, n) -> new TokenOwner(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
        owner.ifPresent(o -> jdbc.sql("update api_tokens set last_used_at = now() where id = ? "
                        + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param(o.id()).update());
        return owner;
    }

    public void insert(String name, String role, String token) {
        jdbc.sql("insert into api_tokens(name, role, token_sha256) values (?, ?, ?) on conflict (token_sha256) do nothing")
                .params(name, role, sha256Hex(token)).update();
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
