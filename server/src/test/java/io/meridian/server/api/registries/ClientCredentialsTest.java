package io.meridian.server.api.registries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.regions.RegistryKind;
import io.meridian.sync.oci.Credentials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stored registries become the right OCI client credentials; ECR without keys goes to the AWS default chain. */
class ClientCredentialsTest {

    static final String ECR_URL = "https://123456789012.dkr.ecr.eu-west-2.amazonaws.com";

    private static RegistryView registry(RegistryKind kind, String url, String username) {
        return new RegistryView("r1", "ldn", url, false, kind, username, username != null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void ecrWithoutStoredKeysUsesTheDefaultChainInTheUrlsRegion() {
        Credentials c = ClientCredentials.of(registry(RegistryKind.ECR, ECR_URL, null), RegistryCredentials.ANONYMOUS);
        assertThat(c).isInstanceOfSatisfying(Credentials.AwsEcr.class, ecr -> {
            assertThat(ecr.region()).isEqualTo("eu-west-2");
            assertThat(ecr.accessKeyId()).isEmpty();
            assertThat(ecr.secretAccessKey()).isEmpty();
        });
    }

    @Test
    void ecrWithStoredKeysUsesThemAndHidesTheSecret() {
        Credentials c = ClientCredentials.of(registry(RegistryKind.ECR, "https://123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "AKIDEXAMPLE"),
                new RegistryCredentials("AKIDEXAMPLE", "s3cr3t-key"));
        assertThat(c).isInstanceOfSatisfying(Credentials.AwsEcr.class, ecr -> {
            assertThat(ecr.region()).isEqualTo("us-gov-west-1");
            assertThat(ecr.accessKeyId()).contains("AKIDEXAMPLE");
            assertThat(ecr.secretAccessKey()).contains("s3cr3t-key");
        });
        assertThat(c.toString()).doesNotContain("s3cr3t-key");
    }

    @Test
    void ecrUrlWithoutARegionNeedsAwsRegion() {
        String old = System.getProperty("aws.region");
        System.clearProperty("aws.region");
        try {
            if (System.getenv("AWS_REGION") == null) {
                assertThatThrownBy(() -> ClientCredentials.of(registry(RegistryKind.ECR, "https://ecr.internal.example", null),
                        RegistryCredentials.ANONYMOUS)).hasMessageContaining("AWS region").hasMessageContaining("url");
            }
            System.setProperty("aws.region", "ap-south-1");
            assertThat(ClientCredentials.of(registry(RegistryKind.ECR, "https://ecr.internal.example", null),
                    RegistryCredentials.ANONYMOUS)).isInstanceOfSatisfying(Credentials.AwsEcr.class,
                    ecr -> assertThat(ecr.region()).isEqualTo("ap-south-1"));
        } finally {
            if (old == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", old);
            }
        }
    }

    @Test
    void otherKindsAreBasicOrAnonymous() {
        assertThat(ClientCredentials.of(registry(RegistryKind.DISTRIBUTION, "https://r.example", null),
                RegistryCredentials.ANONYMOUS)).isSameAs(Credentials.anonymous());
        assertThat(ClientCredentials.of(registry(RegistryKind.HARBOR, "https://r.example", "bob"),
                new RegistryCredentials("bob", "pw"))).isEqualTo(Credentials.basic("bob", "pw"));
    }
}
