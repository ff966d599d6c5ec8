package io.meridian.sync.oci;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** How to authenticate to one registry. {@code toString()} never shows a secret. */
public sealed interface Credentials permits Credentials.Anonymous, Credentials.Basic, Credentials.AwsEcr {

    static Credentials anonymous() {
        return Anonymous.INSTANCE;
    }

    static Credentials basic(String username, String password) {
        return new Basic(username, password);
    }

    /** No credentials; a Bearer challenge is still answered with an anonymous token request. */
    final class Anonymous implements Credentials {
        static final Anonymous INSTANCE = new Anonymous();

        private Anonymous() {
        }

        @Override
        public String toString() {
            return "Anonymous";
        }
    }

    /** Username and password, used for Basic auth or to fetch Bearer tokens. */
    record Basic(String username, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "credentials.username");
            Objects.requireNonNull(password, "credentials.password");
            if (username.isBlank()) {
                throw new IllegalArgumentException("credentials.username must not be blank");
            }
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("credentials.username must not contain ':'");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /**
     * Amazon ECR: a registry token from {@code GetAuthorizationToken}. Keys absent means the AWS SDK default
     * credentials chain; {@code endpointOverride} points the ECR API elsewhere (tests, VPC endpoints).
     */
    record AwsEcr(String region, Optional<String> accessKeyId, Optional<String> secretAccessKey,
                  Optional<URI> endpointOverride) implements Credentials {
        public AwsEcr {
            Objects.requireNonNull(region, "credentials.region");
            if (region.isBlank()) {
                throw new IllegalArgumentException("credentials.region must not be blank");
            }
            accessKeyId = accessKeyId == null ? Optional.empty() : accessKeyId;
            secretAccessKey = secretAccessKey == null ? Optional.empty() : secretAccessKey;
            endpointOverride = endpointOverride == null ? Optional.empty() : endpointOverride;
            if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
                throw new IllegalArgumentException("credentials.accessKeyId and credentials.secretAccessKey go together");
            }
        }

        public static AwsEcr defaultChain(String region) {
            return new AwsEcr(region, Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public String toString() {
            return "AwsEcr[region=" + region + ", accessKeyId=" + accessKeyId.map(k -> "***").orElse("<default chain>")
                    + ", secretAccessKey=***" + endpointOverride.map(u -> ", endpoint=" + u).orElse("") + "]";
        }
    }
}
