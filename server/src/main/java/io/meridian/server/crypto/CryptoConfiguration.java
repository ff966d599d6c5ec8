package io.meridian.server.crypto;

import io.meridian.server.config.MeridianProperties;
import io.meridian.server.config.PrivateFiles;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Configuration;

/** The {@link SecretCipher}, keyed from {@code MERIDIAN_SECRET_KEY} or a generated key file. */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoConfiguration.class);

    @Bean
    SecretCipher secretCipher(SecretProperties secret, MeridianProperties meridian) {
        byte[] previous = secret.rotateFrom().isEmpty() ? null : decode(secret.rotateFrom(), "meridian.secret.rotate-from");
        if (!secret.key().isEmpty()) {
            return new SecretCipher(decode(secret.key(), "meridian.secret.key"), previous);
        }
        Path file = meridian.home().resolve("secret.key");
        String stored = PrivateFiles.readOrCreate(file,
                () -> Base64.getEncoder().encodeToString(SecretCipher.generateKey()),
                () -> LOG.info("generated a new secret key in {} (back it up with the database)", file));
        return new SecretCipher(decode(stored, file.toString()), previous);
    }

    /** Re-encrypts every stored ciphertext under the current key when {@code meridian.secret.rotate-from} is set. */
    @Bean
    @DependsOnDatabaseInitialization
    SecretRotation secretRotation(SecretProperties secret, SecretCipher cipher, JdbcClient jdbc,
                                  PlatformTransactionManager transactions) {
        return new SecretRotation(!secret.rotateFrom().isEmpty(), cipher, jdbc, new TransactionTemplate(transactions));
    }

    private static byte[] decode(String base64, String source) {
        try {
            String s = base64.strip();
            return s.contains("-") || s.contains("_") ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64", null);
        }
    }
}
