package io.meridian.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.db.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** MERIDIAN_SECRET_KEY rotation: old ciphertexts readable during it, every one under the new key after it. */
class SecretRotationTest {

    @Test
    void reEncryptsEveryStoredSecretUnderTheNewKey() {
        byte[] oldKey = SecretCipher.generateKey();
        byte[] newKey = SecretCipher.generateKey();
        SecretCipher old = new SecretCipher(oldKey);
        try (TestDatabase db = TestDatabase.create()) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            jdbc.sql("INSERT INTO regions (name) VALUES ('rot')").update();
            for (String name : List.of("rot-a", "rot-b")) {
                jdbc.sql("""
                        INSERT INTO registries (name, region_id, url, username, password_ciphertext)
                        SELECT :name, id, 'https://r.example', 'u', :pw FROM regions WHERE name = 'rot'""")
                        .param("name", name).param("pw", old.encrypt("pw-of-" + name, "registry:" + name),
                                java.sql.Types.BINARY).update();
            }
            jdbc.sql("INSERT INTO registries (name, region_id, url) SELECT 'rot-anonymous', id, 'https://a.example' "
                    + "FROM regions WHERE name = 'rot'").update();
            // a notification's signing secret (issue 14) is a stored secret like a password
            jdbc.sql("""
                    INSERT INTO notifications (name, url, events, secret_ciphertext)
                    VALUES ('rot-hook', 'https://hooks.example/m', ARRAY['execution.failed'], :secret)""")
                    .param("secret", old.encrypt("hook-secret", "notification:rot-hook"), java.sql.Types.BINARY)
                    .update();

            SecretCipher rotating = new SecretCipher(newKey, oldKey);
            assertThat(rotating.decrypt(stored(jdbc, "rot-a"), "registry:rot-a")).as("old ciphertext readable during "
                    + "the rotation").isEqualTo("pw-of-rot-a");
            SecretRotation rotation = new SecretRotation(true, rotating, jdbc,
                    new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));
            assertThat(rotation.rotate()).isEqualTo(3);

            SecretCipher newOnly = new SecretCipher(newKey);
            for (String name : List.of("rot-a", "rot-b")) {
                assertThat(newOnly.decrypt(stored(jdbc, name), "registry:" + name)).isEqualTo("pw-of-" + name);
                assertThatThrownBy(() -> old.decrypt(stored(jdbc, name), "registry:" + name))
                        .as("the old key reads nothing after the rotation").hasMessageContaining("another key");
            }
            byte[] hook = jdbc.sql("SELECT secret_ciphertext FROM notifications WHERE name = 'rot-hook'")
                    .query((rs, i) -> rs.getBytes(1)).single();
            assertThat(newOnly.decrypt(hook, "notification:rot-hook")).isEqualTo("hook-secret");
            assertThatThrownBy(() -> old.decrypt(hook, "notification:rot-hook")).hasMessageContaining("another key");
            assertThat(rotation.rotate()).as("a second run has nothing left to do").isZero();
        }
    }

    private static byte[] stored(JdbcClient jdbc, String name) {
        return jdbc.sql("SELECT password_ciphertext FROM registries WHERE name = :n").param("n", name)
                .query((rs, i) -> rs.getBytes(1)).single();
    }
}
