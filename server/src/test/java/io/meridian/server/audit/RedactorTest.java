package io.meridian.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.policies.StrictJson;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void blanksSecretLookingFieldsAtAnyDepthAndKeepsNulls() {
        var tree = StrictJson.MAPPER.readTree("""
                {"name":"r","password":"p4ss","nested":{"apiToken":"t","caBundle":"pem","list":[{"secretKey":"k"}]},
                 "username":"u","clientSecret":null,"keys":["a"]}""");
        String redacted = StrictJson.write(Redactor.redact(tree));
        assertThat(redacted).doesNotContain("p4ss").doesNotContain("\"t\"").doesNotContain("\"k\"")
                .contains("\"username\":\"u\"").contains("\"caBundle\":\"pem\"").contains("\"clientSecret\":null")
                .contains("\"keys\":[\"a\"]").contains("\"password\":\"[redacted]\"");
    }
}
