package io.meridian.server.crypto;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The key that encrypts registry passwords and P2P tokens at rest. */
@Validated
@ConfigurationProperties("meridian.secret")
public class SecretProperties {

    /**
     * Base64 of a 32-byte AES-256 key. When empty, a key is generated on first start and kept in
     * {@code <meridian.home>/secret.key} (mode 600). Losing the key makes stored credentials
     * unreadable, so back it up with the database.
     */
    @Pattern(regexp = "^$|^[A-Za-z0-9+/=_-]{40,}$", message = "must be the base64 of a 32-byte key")
    private String key = "";

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key == null ? "" : key.strip();
    }
}
