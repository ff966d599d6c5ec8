package io.meridian.sync.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The secrets tests hand to Meridian — registry passwords, the admin token, {@code MERIDIAN_SECRET_KEY}, S3 keys,
 * notification HMAC secrets, P2P engine tokens — as canaries: distinctive values that must never come back in a log
 * line, an API answer or a database dump. Tests use these instead of ad hoc literals, so that the server suite's
 * closing scan ({@code WholeSuiteSecretsScanTest}) can look for every one of them. Letters and digits only, so no
 * tokenizer (a JSON parser's error message, a URL) splits one.
 */
public final class Canaries {

    /** A registry password (htpasswd registries, registrations). */
    public static final String REGISTRY_PASSWORD = "canaryRegistryPw3e8d1f07a9";
    /** A second registry password (an update, another registry). */
    public static final String REGISTRY_PASSWORD_2 = "canaryRegistryPwTwo51c6e42d0";
    /** A wrong registry password: refused by the registry, still a secret. */
    public static final String WRONG_PASSWORD = "canaryWrongPw7a2f90c3e1";
    /** The admin API token ({@code meridian.admin.token}, ≥ 20 characters). */
    public static final String ADMIN_TOKEN = "canaryAdminToken4f1c9e27b3d8a605";
    /** The key's bytes (32, AES-256) as text: a key logged as a string would show this. */
    public static final String SECRET_KEY_TEXT = "canarySecretKey0123456789abcdefg";
    /** {@code MERIDIAN_SECRET_KEY}: base64 of {@link #SECRET_KEY_TEXT}. */
    public static final String SECRET_KEY =
            Base64.getEncoder().encodeToString(SECRET_KEY_TEXT.getBytes(StandardCharsets.US_ASCII));
    /** An S3 access key id (the API answers only whether one is set). */
    public static final String S3_ACCESS_KEY_ID = "CANARYS3KEYID5D2E9A";
    /** An S3 secret access key. */
    public static final String S3_SECRET_ACCESS_KEY = "canaryS3Secret8c4b2e6f1d09a7";
    /** A notification's HMAC secret. */
    public static final String NOTIFICATION_SECRET = "canaryHmacSecret61f0d8b2c4";
    /** A P2P engine's API token (Dragonfly personal access token, Kraken). */
    public static final String P2P_TOKEN = "canaryP2pToken92ad4c7e15";

    private Canaries() {
    }

    /** Every canary above. */
    public static List<String> all() {
        return List.of(REGISTRY_PASSWORD, REGISTRY_PASSWORD_2, WRONG_PASSWORD, ADMIN_TOKEN, SECRET_KEY_TEXT, SECRET_KEY,
                S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, NOTIFICATION_SECRET, P2P_TOKEN);
    }

    /** What a hit names instead of the value: the constant's name. */
    public static String label(String canary) {
        for (java.lang.reflect.Field f : Canaries.class.getFields()) {
            try {
                if (canary.equals(f.get(null))) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return "an unnamed canary";
    }
}
