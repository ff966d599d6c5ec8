package io.meridian.server.crypto;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotating {@code MERIDIAN_SECRET_KEY}: started with the new key and {@code meridian.secret.rotate-from}
 * = the old one, the server reads ciphertexts under either key, and at start re-encrypts every stored
 * one under the new key in one transaction (a crash leaves all or none rotated; running it again is a
 * no-op for what is already under the new key). Logs counts, never a value.
 */
public class SecretRotation implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);

    /** One encrypted column and how its context (associated data) is formed from the row's name. */
    record Column(String table, String column, String contextPrefix, String contextSuffix) {
    }

    /** Every column holding SecretCipher output, with the context its writer binds ({@code registry:<name>…}). */
    static final List<Column> COLUMNS = List.of(
            new Column("registries", "password_ciphertext", "registry:", ""),
            new Column("registries", "s3_access_key_id_ciphertext", "registry:", ":s3.accessKeyId"),
            new Column("registries", "s3_secret_key_ciphertext", "registry:", ":s3.secretAccessKey"),
            new Column("notifications", "secret_ciphertext", "notification:", ""),
            new Column("p2p_engines", "token_ciphertext", "p2p-engine:", ""),
            new Column("region_p2p_cas", "private_key_ciphertext", "region-ca:", ""));

    private final boolean enabled;
    private final SecretCipher cipher;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public SecretRotation(boolean enabled, SecretCipher cipher, JdbcClient jdbc, TransactionTemplate transaction) {
        this.enabled = enabled;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled) {
            int rotated = rotate();
            LOG.info("secret key rotation done: {} stored secrets re-encrypted under the new key; "
                    + "remove meridian.secret.rotate-from (MERIDIAN_SECRET_ROTATEFROM) before the next start", rotated);
        }
    }

    /** @return how many ciphertexts were re-encrypted */
    public int rotate() {
        Integer total = transaction.execute(status -> {
            int n = 0;
            for (Column c : COLUMNS) {
                List<Object[]> rows = jdbc.sql("SELECT name, " + c.column() + " FROM " + c.table() + " WHERE "
                        + c.column() + " IS NOT NULL FOR UPDATE")
                        .query((rs, i) -> new Object[] {rs.getString(1), rs.getBytes(2)}).list();
                for (Object[] row : rows) {
                    String context = c.contextPrefix() + row[0] + c.contextSuffix();
                    byte[] stored = (byte[]) row[1];
                    if (cipher.isCurrent(stored, context)) {
                        continue;
                    }
                    byte[] rotated = cipher.encrypt(cipher.decrypt(stored, context), context);
                    jdbc.sql("UPDATE " + c.table() + " SET " + c.column() + " = :value WHERE name = :name")
                            .param("value", rotated, java.sql.Types.BINARY).param("name", row[0]).update();
                    n++;
                }
            }
            return n;
        });
        return total == null ? 0 : total;
    }
}
