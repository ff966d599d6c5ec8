package io.meridian.server.security;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Registration refuses registry URLs whose host is a denied address: 400 problem+json naming {@code url}. */
class SsrfRegistrationApiTest extends ServerTestBase {

    @Test
    void theMetadataAddressIsRefusedAsARegistryUrl() {
        assertThat(postJson("/api/v1/regions", "{\"name\":\"ssrf-region\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> metadata = postJson("/api/v1/registries",
                "{\"name\":\"ssrf-meta\",\"region\":\"ssrf-region\",\"url\":\"http://169.254.169.254\",\"insecure\":true}");
        assertThat(errorFields(metadata)).containsExactly("url");
        assertThat(reason(metadata, "url")).contains("169.254.169.254").contains("url-deny");
        assertThat(errorFields(postJson("/api/v1/registries",
                "{\"name\":\"ssrf-v6\",\"region\":\"ssrf-region\",\"url\":\"http://[fd00:ec2::254]:5000\",\"insecure\":true}")))
                .containsExactly("url");
        assertThat(get("/api/v1/registries/ssrf-meta").statusCode()).as("nothing stored").isEqualTo(404);

        assertThat(postJson("/api/v1/registries",
                "{\"name\":\"ssrf-ok\",\"region\":\"ssrf-region\",\"url\":\"http://127.0.0.1:5999\",\"insecure\":true}")
                .statusCode()).as("loopback stays allowed by default").isEqualTo(201);
        assertThat(errorFields(putJson("/api/v1/registries/ssrf-ok",
                "{\"region\":\"ssrf-region\",\"url\":\"http://169.254.169.254:80\",\"insecure\":true}"))).containsExactly("url");
    }
}
