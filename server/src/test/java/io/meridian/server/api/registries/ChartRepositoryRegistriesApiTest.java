package io.meridian.server.api.registries;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static io.meridian.server.api.ApiAssertions.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.helm.S3Settings;
import io.meridian.sync.testing.Canaries;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Registries of kind helm-http, chartmuseum and s3 through {@code /api/v1/registries}. */
@ExtendWith(OutputCaptureExtension.class)
class ChartRepositoryRegistriesApiTest extends ServerTestBase {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    RegistryService registries;

    private String region;

    @BeforeEach
    void region() {
        region = unique("eu-central");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void helmHttpAndChartMuseumKeepTheRepositoryPath() {
        String name = unique("stable");
        HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"kind\":\"helm-http\",\"url\":\"https://charts.example.com/team/stable/\",\"username\":\"reader\",\"password\":\"pw\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r);
        assertThat(body.get("kind").asString()).isEqualTo("helm-http");
        assertThat(body.get("url").asString()).isEqualTo("https://charts.example.com/team/stable");
        assertThat(body.has("s3")).isFalse();

        HttpResponse<String> museum = postJson("/api/v1/registries", "{\"name\":\"" + unique("cm") + "\",\"region\":\"" + region
                + "\",\"kind\":\"chartmuseum\",\"url\":\"http://127.0.0.1:8088\",\"insecure\":true}");
        assertThat(museum.statusCode()).as(museum.body()).isEqualTo(201);
        assertThat(json(museum).get("kind").asString()).isEqualTo("chartmuseum");

        HttpResponse<String> oci = postJson("/api/v1/registries", "{\"name\":\"" + unique("oci") + "\",\"region\":\"" + region
                + "\",\"url\":\"https://registry.example.com/some/path\"}");
        assertThat(errorFields(oci)).as("an OCI registry still has no path").containsExactly("url");
    }

    @Test
    void storesS3KeysEncryptedWriteOnlyAndHandsThemOnlyToTheEngine(CapturedOutput output) {
        String name = unique("bucket");
        String keyId = Canaries.S3_ACCESS_KEY_ID;
        String secret = Canaries.S3_SECRET_ACCESS_KEY;
        HttpResponse<String> created = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"insecure\":true,\"s3\":{\"bucket\":\"helm-charts\",\"prefix\":\"/stable/\","
                + "\"region\":\"eu-central-1\",\"endpoint\":\"http://127.0.0.1:9000\",\"pathStyle\":true,"
                + "\"accessKeyId\":\"" + keyId + "\",\"secretAccessKey\":\"" + secret + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode s3 = json(created).get("s3");
        assertThat(json(created).get("url").asString()).isEqualTo("http://127.0.0.1:9000");
        assertThat(s3.get("bucket").asString()).isEqualTo("helm-charts");
        assertThat(s3.get("prefix").asString()).isEqualTo("stable/");
        assertThat(s3.get("region").asString()).isEqualTo("eu-central-1");
        assertThat(s3.get("pathStyle").asBoolean()).isTrue();
        assertThat(s3.get("accessKeyIdSet").asBoolean()).isTrue();
        assertThat(s3.get("secretAccessKeySet").asBoolean()).isTrue();
        for (HttpResponse<String> r : List.of(created, get("/api/v1/registries/" + name), get("/api/v1/registries"))) {
            assertThat(r.body()).doesNotContain(keyId).doesNotContain(secret);
        }
        byte[][] stored = jdbc.sql("SELECT s3_access_key_id_ciphertext, s3_secret_key_ciphertext FROM registries WHERE name = :n")
                .param("n", name).query((rs, i) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).single();
        assertThat(new String(stored[0], StandardCharsets.ISO_8859_1)).doesNotContain(keyId);
        assertThat(new String(stored[1], StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        S3Settings settings = registries.s3Settings(name).orElseThrow();
        assertThat(settings).isEqualTo(new S3Settings("helm-charts", "stable", "eu-central-1",
                Optional.of(URI.create("http://127.0.0.1:9000")), true, Optional.of(keyId), Optional.of(secret)));
        assertThat(settings.toString()).doesNotContain(keyId).doesNotContain(secret);

        // a PUT without keys keeps them; empty keys drop them (default credentials chain)
        HttpResponse<String> kept = putJson("/api/v1/registries/" + name, "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"insecure\":true,\"s3\":{\"bucket\":\"helm-charts\",\"prefix\":\"other\","
                + "\"region\":\"eu-central-1\",\"endpoint\":\"http://127.0.0.1:9000\",\"pathStyle\":true}}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(registries.s3Settings(name).orElseThrow().secretAccessKey()).contains(secret);
        assertThat(registries.s3Settings(name).orElseThrow().prefix()).isEqualTo("other/");
        HttpResponse<String> dropped = putJson("/api/v1/registries/" + name, "{\"name\":\"" + name + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"s3\":{\"bucket\":\"helm-charts\",\"region\":\"eu-central-1\","
                + "\"accessKeyId\":\"\",\"secretAccessKey\":\"\"}}");
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        assertThat(json(dropped).get("url").asString()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(json(dropped).get("s3").get("accessKeyIdSet").asBoolean()).isFalse();
        assertThat(registries.s3Settings(name).orElseThrow().accessKeyId()).isEmpty();
        assertThat(output.getAll()).doesNotContain(keyId).doesNotContain(secret);
    }

    @Test
    void aPolicyCannotWriteIntoAHelmHttpRepositoryNorAnOciSourceIntoAChartRepository() {
        String http = unique("ro");
        String museum = unique("cm");
        String oci = unique("oci");
        assertThat(postJson("/api/v1/registries", "{\"name\":\"" + http + "\",\"region\":\"" + region
                + "\",\"kind\":\"helm-http\",\"url\":\"https://charts.example.com/x\"}").statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/registries", "{\"name\":\"" + museum + "\",\"region\":\"" + region
                + "\",\"kind\":\"chartmuseum\",\"url\":\"https://museum.example.com\"}").statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/registries", "{\"name\":\"" + oci + "\",\"region\":\"" + region
                + "\",\"url\":\"https://registry.example.com\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> intoHttp = postJson("/api/v1/policies", policy(unique("p"), museum, http));
        assertThat(errorFields(intoHttp)).containsExactly("destinations[0].registry");
        assertThat(reason(intoHttp, "destinations[0].registry")).contains("read-only");
        HttpResponse<String> ociIntoMuseum = postJson("/api/v1/policies", policy(unique("p"), oci, museum));
        assertThat(errorFields(ociIntoMuseum)).containsExactly("destinations[0].registry");
        HttpResponse<String> fine = postJson("/api/v1/policies", policy(unique("p"), http, museum));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(201);
    }

    private static String policy(String name, String source, String destination) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"" + source + "\",\"repositories\":[\"**\"]},"
                + "\"destinations\":[{\"registry\":\"" + destination + "\",\"namespace\":null}],\"override\":false,"
                + "\"trigger\":{\"type\":\"manual\"}}";
    }

    @Test
    void namesEveryBadS3Field() {
        HttpResponse<String> r = postJson("/api/v1/registries", "{\"name\":\"" + unique("s") + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"username\":\"u\",\"s3\":{\"bucket\":\"Bad_Bucket\",\"region\":\"EU CENTRAL\","
                + "\"accessKeyId\":\"AKIA\"}}");
        assertThat(errorFields(r)).contains("s3.bucket", "s3.secretAccessKey", "username");
        assertThat(reason(r, "s3.bucket")).contains("3-63");
        HttpResponse<String> region2 = postJson("/api/v1/registries", "{\"name\":\"" + unique("s") + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"s3\":{\"bucket\":\"ok-bucket\",\"region\":\"EU CENTRAL\"}}");
        assertThat(errorFields(region2)).containsExactly("s3.region");
        assertThat(errorFields(postJson("/api/v1/registries", "{\"name\":\"" + unique("s") + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\"}"))).containsExactly("s3");
        assertThat(errorFields(postJson("/api/v1/registries", "{\"name\":\"" + unique("s") + "\",\"region\":\"" + region
                + "\",\"url\":\"https://h\",\"s3\":{\"bucket\":\"b-1\",\"region\":\"us-east-1\"}}"))).containsExactly("s3");
        assertThat(errorFields(postJson("/api/v1/registries", "{\"name\":\"" + unique("s") + "\",\"region\":\"" + region
                + "\",\"kind\":\"s3\",\"s3\":{\"bucket\":\"b-1\",\"region\":\"us-east-1\",\"endpoint\":\"http://127.0.0.1:9000\"}}")))
                .as("a plain-http endpoint needs insecure").containsExactly("insecure");
    }
}
