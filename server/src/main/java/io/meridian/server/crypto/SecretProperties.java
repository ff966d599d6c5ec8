package io.meridian.server.crypto;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The key that encrypts registry passwords and P2P tokens at rest.
 *
 * @param key Base64 of a 32-byte AES-256 key. When empty, a key is generated on first start and kept in
 *            {@code <meridian.home>/secret.key} (mode 600). Losing the key makes stored credentials
 *            unreadable, so back it up with the database.
 * @param rotateFrom Base64 of the previous key while rotating to {@code key}: ciphertexts still under it stay
 *            readable, and at start every stored ciphertext is re-encrypted under {@code key}. Remove it once
 *            the start has logged "secret key rotation done".
 */
@Validated
@ConfigurationProperties("meridian.secret")
public record SecretProperties(
        @Pattern(regexp = "^$|^[A-Za-z0-9+/=_-]{40,}$", message = "must be the base64 of a 32-byte key")
        @DefaultValue("") String key,
        @Pattern(regexp = "^$|^[A-Za-z0-9+/=_-]{40,}$", message = "must be the base64 of a 32-byte key")
        @DefaultValue("") String rotateFrom) {

    public SecretProperties {
        key = key == null ? "" : key.strip();
        rotateFrom = rotateFrom == null ? "" : rotateFrom.strip();
    }


    /** Never prints the key. */
    @Override
    public String toString() {
        return "SecretProperties[key=" + (key.isEmpty() ? "(generated)" : "(set)")
                + (rotateFrom.isEmpty() ? "" : ", rotateFrom=(set)") + "]";
    }
}
