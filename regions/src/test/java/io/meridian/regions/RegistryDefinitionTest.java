package io.meridian.regions;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryDefinitionTest {

    @Test
    void acceptsTheIssueExampleAndNormalisesTheUrl() {
        RegistryDefinition hz = new RegistryDefinition("hz", "cn-hangzhou", "http://127.0.0.1:5201/", true,
                RegistryKind.DISTRIBUTION);
        assertThat(hz.url()).isEqualTo("http://127.0.0.1:5201");
        assertThat(hz.kind()).isEqualTo(RegistryKind.DISTRIBUTION);
        assertThat(new RegistryDefinition("ldn", "eu-london", "HTTPS://Registry.Example.COM", false, null).url())
                .isEqualTo("https://registry.example.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://host:21           | url      | http:// or https://",
            "registry.example.com    | url      | http:// or https://",
            "https://host/v2/        | url      | must not have a path",
            "https://host?x=1        | url      | query or fragment",
            "https://host#frag       | url      | query or fragment",
            "http://host:5000        | insecure | must be true for a plain http:// URL",
            "'http://a b'            | url      | not a valid URL",
    })
    void refusesUrlsWithJunk(String url, String field, String reason) {
        assertThatThrownBy(() -> new RegistryDefinition("r", "eu", url, false, RegistryKind.DISTRIBUTION))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly(field);
                    assertThat(e.violations().get(0).message()).contains(reason);
                });
    }

    @Test
    void neverEchoesCredentialsEmbeddedInTheUrl() {
        assertThatThrownBy(() -> new RegistryDefinition("r", "eu", "https://bob:s3cret@host", false,
                RegistryKind.DISTRIBUTION))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("must not contain user info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void namesEveryBadField() {
        assertThatThrownBy(() -> new RegistryDefinition("HZ!", null, null, false, RegistryKind.DISTRIBUTION))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("name", "region", "url"));
    }

    @Test
    void refusesOverlongUrls() {
        assertThatThrownBy(() -> new RegistryDefinition("r", "eu", "https://" + "a".repeat(2050) + ".example", false,
                RegistryKind.DISTRIBUTION))
                .hasMessageContaining("url: must be at most 2048 characters");
    }

    @Test
    void kindParsesOnlyKnownValues() {
        assertThat(RegistryKind.parse("ecr")).isEqualTo(RegistryKind.ECR);
        assertThatThrownBy(() -> RegistryKind.parse("quay")).hasMessageContaining("distribution, ecr, harbor, acr, gcr, other");
    }
}
