package io.meridian.server.api.registries;

import io.meridian.validation.Violations;
import io.meridian.sync.helm.S3Settings;
import java.net.URI;
import java.util.Optional;

/** Validation of the {@code s3} object of a registry body, every problem named by its field ({@code s3.bucket}, …). */
final class S3Fields {

    private static final int MAX_ACCESS_KEY_ID = 128;
    private static final int MAX_SECRET_KEY = 1024;

    private S3Fields() {
    }

    /**
     * Adds every violation of {@code body.s3()} to {@code v}.
     *
     * @return the registry URL to store: the body's, else the endpoint, else AWS's regional S3 endpoint
     */
    static String check(RegistryBody body, Violations v) {
        S3Body s3 = body.s3();
        if (s3 == null) {
            v.add("s3", "is required for kind s3 (bucket, region, and optionally prefix, endpoint, pathStyle, keys)");
            return body.url() != null ? body.url() : "https://s3.amazonaws.com";
        }
        if (body.username() != null || body.password() != null) {
            v.add(body.username() != null ? "username" : "password",
                    "is not used by kind s3; give s3.accessKeyId and s3.secretAccessKey (or neither for the default chain)");
        }
        Optional<URI> endpoint = Optional.empty();
        if (s3.endpoint() != null && !s3.endpoint().isBlank()) {
            try {
                endpoint = Optional.of(new URI(s3.endpoint().trim()));
            } catch (java.net.URISyntaxException e) {
                v.add("s3.endpoint", "is not a valid URL");
            }
        }
        boolean valid = true;
        try {
            new S3Settings(s3.bucket(), s3.prefix(), s3.region(), endpoint, Boolean.TRUE.equals(s3.pathStyle()),
                    Optional.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
            valid = false;
            String message = e.getMessage();
            int space = message.indexOf(' ');
            v.add("s3." + message.substring(0, space), message.substring(space + 1));
        }
        boolean hasKey = s3.accessKeyId() != null;
        boolean hasSecret = s3.secretAccessKey() != null;
        if (hasKey != hasSecret) {
            v.add(hasKey ? "s3.secretAccessKey" : "s3.accessKeyId", "goes together with the other key: give both or neither");
        } else if (hasKey && s3.accessKeyId().isEmpty() != s3.secretAccessKey().isEmpty()) {
            v.add("s3.secretAccessKey", "must be empty exactly when s3.accessKeyId is (both empty drops the stored keys)");
        } else if (hasKey) {
            if (s3.accessKeyId().length() > MAX_ACCESS_KEY_ID || s3.accessKeyId().isBlank() && !s3.accessKeyId().isEmpty()) {
                v.add("s3.accessKeyId", "must be 1-" + MAX_ACCESS_KEY_ID + " characters, or empty to drop it");
            }
            if (s3.secretAccessKey().length() > MAX_SECRET_KEY) {
                v.add("s3.secretAccessKey", "must be 1-" + MAX_SECRET_KEY + " characters, or empty to drop it"); // never echo it
            }
        }
        if (body.url() != null) {
            return body.url();
        }
        // with a bad region the s3.region error is the one to show, not a derived url's
        return endpoint.map(URI::toString).orElse(valid ? "https://s3." + s3.region() + ".amazonaws.com" : "https://s3.amazonaws.com");
    }
}
