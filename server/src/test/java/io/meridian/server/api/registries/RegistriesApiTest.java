package io.meridian.server.api.registries;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.fieldNames;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.problem;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.Canaries;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class RegistriesApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    RegistryService registries;

    private String region;

    @BeforeEach
    void region() {
        region = unique("cn-hangzhou");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void storesThePasswordEncryptedAndNeverShowsIt(CapturedOutput output) {
        String name = unique("hz");
        String password = "pw-" + System.nanoTime() + "-Secret!";
        HttpResponse<String> created = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"url\":\"http://127.0.0.1:5201\",\"insecure\":true,\"username\":\"robot\",\"password\":\"" + password + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/registries/" + name);
        JsonNode body = json(created);
        assertThat(fieldNames(body)).containsExactly("name", "region", "url", "insecure", "kind", "caBundle", "username", "passwordSet",
                "createdAt", "updatedAt");
        assertThat(body.get("url").asString()).isEqualTo("http://127.0.0.1:5201");
        assertThat(body.get("insecure").asBoolean()).isTrue();
        assertThat(body.get("kind").asString()).isEqualTo("distribution");
        assertThat(body.get("passwordSet").asBoolean()).isTrue();

        for (HttpResponse<String> r : java.util.List.of(created, get("/api/v1/registries/" + name), get("/api/v1/registries"))) {
            assertThat(r.body()).doesNotContain(password).doesNotContain("\"password\"");
        }
        byte[] stored = jdbc.sql("SELECT password_ciphertext FROM registries WHERE name = :n").param("n", name)
                .query((rs, i) -> rs.getBytes(1)).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(password);
        assertThat(registries.credentials(name)).isEqualTo(new RegistryCredentials("robot", password));
        assertThat(registries.credentials(name).toString()).doesNotContain(password);
        assertThat(jdbc.sql("SELECT detail::text FROM audit_log WHERE target = :n").param("n", name).query(String.class).list())
                .hasSize(1).allSatisfy(detail -> assertThat(detail).doesNotContain(password));
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void putWithoutPasswordKeepsItAndWithoutUsernameGoesAnonymous() {
        String name = unique("ldn");
        String base = "{\"name\":\"" + name + "\",\"region\":\"" + region + "\",\"url\":\"https://registry.example.com\"";
        assertThat(postJson("/api/v1/registries", base + ",\"username\":\"u\",\"password\":\"" + Canaries.REGISTRY_PASSWORD + "\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> kept = putJson("/api/v1/registries/" + name, base + ",\"username\":\"u\",\"kind\":\"harbor\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(json(kept).get("kind").asString()).isEqualTo("harbor");
        assertThat(registries.credentials(name)).isEqualTo(new RegistryCredentials("u", Canaries.REGISTRY_PASSWORD));

        assertThat(putJson("/api/v1/registries/" + name, base + ",\"username\":\"u\",\"password\":\"" + Canaries.REGISTRY_PASSWORD_2 + "\"}").statusCode()).isEqualTo(200);
        assertThat(registries.credentials(name).password()).isEqualTo(Canaries.REGISTRY_PASSWORD_2);

        HttpResponse<String> anonymous = putJson("/api/v1/registries/" + name, base + "}");
        assertThat(json(anonymous).get("passwordSet").asBoolean()).isFalse();
        assertThat(registries.credentials(name)).isEqualTo(RegistryCredentials.ANONYMOUS);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE target = :n AND action = 'registry.update'").param("n", name)
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void namesEveryBadField() {
        HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"Bad_Name\",\"region\":\"" + region
                + "\",\"url\":\"https://host/v2/x?y=1\",\"kind\":\"quay\",\"password\":\"" + Canaries.REGISTRY_PASSWORD + "\"}");
        assertThat(errorFields(r)).containsExactly("kind", "name", "url", "url", "username");
        assertThat(reason(r, "kind")).contains("distribution, ecr");
        assertThat(r.body()).doesNotContain(Canaries.REGISTRY_PASSWORD);
    }

    @Test
    void requiresInsecureForPlainHttpAndAKnownRegion() {
        assertThat(errorFields(postJson("/api/v1/registries", "{\"name\":\"" + unique("r") + "\",\"region\":\"" + region
                + "\",\"url\":\"http://127.0.0.1:5000\"}"))).containsExactly("insecure");
        HttpResponse<String> unknown = postJson("/api/v1/registries", "{\"name\":\"" + unique("r")
                + "\",\"region\":\"nowhere-" + RUN + "\",\"url\":\"https://h\"}");
        assertThat(errorFields(unknown)).containsExactly("region");
        assertThat(reason(unknown, "region")).startsWith("unknown region");
    }

    @Test
    void neverEchoesCredentialsPutInTheUrl() {
        HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + unique("r") + "\",\"region\":\"" + region
                + "\",\"url\":\"https://admin:" + Canaries.REGISTRY_PASSWORD_2 + "@host\"}");
        assertThat(errorFields(r)).containsExactly("url");
        assertThat(r.body()).doesNotContain(Canaries.REGISTRY_PASSWORD_2);
    }

    @Test
    void neverEchoesAPasswordTypedWithoutQuotes(CapturedOutput output) {
        String secret = Canaries.REGISTRY_PASSWORD;
        HttpResponse<String> resp = postJson("/api/v1/registries", "{\"name\":\"" + unique("hz") + "\",\"region\":\""
                + region + "\",\"url\":\"http://127.0.0.1:5201\",\"insecure\":true,\"username\":\"robot\","
                + "\"password\":" + secret + "}");
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(400);
        assertThat(resp.body()).contains("Unrecognized token").doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void storesACaBundlePathOnlyWhenItIsAReadablePemForAnHttpsRegistry(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, aJdkCaCertificateAsPem());
        String name = unique("tls");
        String body = "{\"name\":\"" + name + "\",\"region\":\"" + region + "\",\"url\":\"https://registry.example:5443\","
                + "\"caBundle\":\"%s\"}";
        HttpResponse<String> created = postJson("/api/v1/registries", body.formatted(pem));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("caBundle").asString()).isEqualTo(pem.toString());
        assertThat(registries.get(name).caBundle()).isEqualTo(pem.toString());

        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        for (String bad : new String[] {dir.resolve("missing.pem").toString(), "relative/ca.pem", notPem.toString()}) {
            HttpResponse<String> r = postJson("/api/v1/registries", body.replace(name, unique("tls")).formatted(bad));
            assertThat(errorFields(r)).as(bad).containsExactly("caBundle");
        }
        HttpResponse<String> plain = postJson("/api/v1/registries", "{\"name\":\"" + unique("tls") + "\",\"region\":\""
                + region + "\",\"url\":\"http://127.0.0.1:5201\",\"insecure\":true,\"caBundle\":\"" + pem + "\"}");
        assertThat(errorFields(plain)).containsExactly("caBundle");
        assertThat(reason(plain, "caBundle")).contains("https");
    }

    /** One certificate of the JDK's trust store, PEM-encoded: a real certificate without generating one. */
    private static String aJdkCaCertificateAsPem() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((java.security.KeyStore) null);
        java.security.cert.X509Certificate cert = java.util.Arrays.stream(tmf.getTrustManagers())
                .filter(javax.net.ssl.X509TrustManager.class::isInstance)
                .map(tm -> ((javax.net.ssl.X509TrustManager) tm).getAcceptedIssuers()[0]).findFirst().orElseThrow();
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void refusesUnknownFieldsAndDuplicates() {
        String name = unique("dup");
        String body = "{\"name\":\"" + name + "\",\"region\":\"" + region + "\",\"url\":\"https://h\"";
        assertThat(errorFields(postJson("/api/v1/registries", body + ",\"token\":\"x\"}"))).containsExactly("token");
        assertThat(postJson("/api/v1/registries", body + "}").statusCode()).isEqualTo(201);
        assertThat(problem(postJson("/api/v1/registries", body + "}"), 409).get("field").asString()).isEqualTo("name");
        assertThat(problem(get("/api/v1/registries/" + unique("none")), 404)).isNotNull();
    }

    @Test
    void refusesToDeleteARegistryThatAPolicyUses() {
        String source = unique("src");
        String destination = unique("dst");
        for (String n : new String[] {source, destination}) {
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + n + "\",\"region\":\"" + region
                    + "\",\"url\":\"https://" + n + ".example\"}").statusCode()).isEqualTo(201);
        }
        String policy = unique("p");
        HttpResponse<String> created = postJson("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\""
                + source + "\",\"repositories\":[\"**\"]},\"destinations\":[{\"registry\":\"" + destination + "\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        for (String n : new String[] {source, destination}) {
            JsonNode conflict = problem(delete("/api/v1/registries/" + n), 409);
            assertThat(conflict.get("detail").asString()).contains("used by policies " + policy);
        }
        assertThat(delete("/api/v1/policies/" + policy).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/registries/" + destination).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/registries/" + destination).statusCode()).isEqualTo(404);
    }
}
