package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.crypto.SecretProperties;
import io.meridian.server.db.DatabaseProperties;
import io.meridian.server.security.AdminProperties;
import org.junit.jupiter.api.Test;

/** Properties records print themselves in logs and failure analyses: never with the secret in them. */
class SecretPropertiesToStringTest {

    @Test
    void recordsCarryingSecretsNeverPrintThem() {
        String secret = "s3cr3t-value-abcdefghijklmnopqrstuvwxyz0123456789";
        assertThat(new DatabaseProperties("jdbc:postgresql://db/m?password=" + secret, "u", secret, 0, 20, java.time.Duration.ofMinutes(10)).toString())
                .doesNotContain(secret).contains("jdbc:postgresql://db/m", "(set)");
        assertThat(new AdminProperties(secret).toString()).doesNotContain(secret);
        assertThat(new SecretProperties(secret, secret).toString()).doesNotContain(secret);
        assertThat(new AdminProperties("  " + secret + " ").token()).as("stripped on the way in").isEqualTo(secret);
    }
}
