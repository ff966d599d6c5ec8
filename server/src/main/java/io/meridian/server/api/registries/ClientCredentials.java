package io.meridian.server.api.registries;

import io.meridian.regions.RegistryKind;
import io.meridian.sync.oci.Credentials;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a stored registry and its decrypted credentials into what the OCI client authenticates with. For
 * {@code kind = ecr} the stored username/password are an AWS access key id and secret access key; with none
 * stored, the AWS SDK's default credentials chain (environment, system properties, profile, container or
 * instance role) signs {@code GetAuthorizationToken}.
 */
final class ClientCredentials {

    /** {@code <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]}. */
    private static final Pattern ECR_HOST =
            Pattern.compile("^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?$");

    private ClientCredentials() {
    }

    static Credentials of(RegistryView registry, RegistryCredentials stored) {
        if (registry.kind() == RegistryKind.ECR) {
            String region = ecrRegion(registry.url()).orElseThrow(() -> new IllegalStateException("registry '"
                    + registry.name() + "': cannot tell the AWS region of ECR url " + registry.url()
                    + "; use <account>.dkr.ecr.<region>.amazonaws.com or set AWS_REGION"));
            return stored.anonymous() ? new Credentials.AwsEcr(region, Optional.empty(), Optional.empty(), Optional.empty())
                    : new Credentials.AwsEcr(region, Optional.of(stored.username()),
                    Optional.of(stored.password() == null ? "" : stored.password()), Optional.empty());
        }
        return stored.anonymous() ? Credentials.anonymous()
                : Credentials.basic(stored.username(), stored.password() == null ? "" : stored.password());
    }

    /** The region from an ECR hostname, else {@code aws.region} / {@code AWS_REGION} (VPC endpoints, private DNS). */
    static Optional<String> ecrRegion(String url) {
        String host = URI.create(url).getHost();
        Matcher m = host == null ? null : ECR_HOST.matcher(host);
        if (m != null && m.matches()) {
            return Optional.of(m.group(1));
        }
        String configured = System.getProperty("aws.region", System.getenv("AWS_REGION"));
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(configured.trim());
    }
}
