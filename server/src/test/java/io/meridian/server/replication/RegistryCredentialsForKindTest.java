package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.oci.Credentials;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a registry row's kind and stored secret become the OCI client's credentials. */
class RegistryCredentialsForKindTest {

    @Test
    void distributionRegistriesUseWhatIsStored() {
        Credentials basic = Credentials.basic("robot", "s3cret");
        assertThat(RegistryConnections.credentialsFor("distribution", URI.create("http://127.0.0.1:5000"), basic))
                .isSameAs(basic);
    }

    @Test
    void ecrTakesTheRegionFromTheHostAndTheKeysFromTheStoredSecret() {
        URI url = URI.create("https://123456789012.dkr.ecr.eu-west-2.amazonaws.com");
        assertThat(RegistryConnections.credentialsFor("ecr", url, Credentials.basic("AKIAEXAMPLE", "secret")))
                .isEqualTo(new Credentials.AwsEcr("eu-west-2", Optional.of("AKIAEXAMPLE"), Optional.of("secret"),
                        Optional.empty()));
        assertThat(RegistryConnections.credentialsFor("ecr", url, Credentials.anonymous()))
                .isEqualTo(Credentials.AwsEcr.defaultChain("eu-west-2"));
    }

    @Test
    void ecrWithAForeignHostIsRefusedNamingTheUrl() {
        assertThatThrownBy(() -> RegistryConnections.credentialsFor("ecr", URI.create("https://registry.example.com"),
                Credentials.anonymous())).hasMessageContaining("registry.example.com");
    }
}
