package io.meridian.server.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.ForwardProxy;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replication through the server to a registry with an accelerated endpoint behind a real forward proxy: the
 * bytes go that way (its kind's prior beats the url's), the task's path and the execution's {@code bytes.byEndpoint}
 * say so, the endpoint is measured, and the execution shows the distribution-time model of the destination region.
 */
class PathsReplicationApiTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LAYER = 1_300_000;

    @Test
    void bytesGoOverTheAcceleratedEndpointThroughItsProxyAndTheExecutionSaysSo() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             ForwardProxy proxy = new ForwardProxy()) {
            String hz = unique("pr-hz");
            String ldn = unique("pr-ldn");
            String srcName = unique("pr-src");
            String dstName = unique("pr-dst");
            String policyName = unique("pr-policy");
            SampleImages images = new SampleImages(new RegistryClient(OciTransport.create(), src.endpoint()), 11);
            RepositoryName repo = RepositoryName.parse("pr/app");
            images.image(repo, "v1", List.of(images.layer(repo, LAYER), images.layer(repo, LAYER)));
            assertThat(postJson("/api/v1/regions", "{\"name\":\"" + hz + "\"}").statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/regions", "{\"name\":\"" + ldn + "\",\"nodes\":800,"
                    + "\"originBandwidthMbps\":10000}")
                    .statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + srcName + "\",\"region\":\"" + hz + "\",\"url\":\""
                    + src.url() + "\",\"insecure\":true}").statusCode()).isEqualTo(201);
            HttpResponse<String> dstCreated = postJson("/api/v1/registries", "{\"name\":\"" + dstName + "\",\"region\":\"" + ldn + "\","
                    + "\"url\":\"" + dst.url() + "\",\"insecure\":true,\"endpoints\":[{\"name\":\"egress\",\"url\":\""
                    + dst.url() + "\",\"kind\":\"accelerated\",\"proxy\":\"http://127.0.0.1:"
                    + proxy.address().getPort() + "\"}]}");
            assertThat(dstCreated.statusCode()).as(dstCreated.body()).isEqualTo(201);
            HttpResponse<String> policy = postJson("/api/v1/policies", """
                    {"name":"%s","source":{"registry":"%s","repositories":["pr/**"]},
                     "tags":{"include":[".*"],"exclude":[]},"destinations":[{"registry":"%s"}],
                     "override":true,"trigger":{"type":"manual"}}""".formatted(policyName, srcName, dstName));
            assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);

            HttpResponse<String> started = postJson("/api/v1/policies/" + policyName + "/executions", "");
            String id = JSON.readTree(started.body()).get("id").asString();
            JsonNode done = awaitExecutionFinished(id);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

            JsonNode byEndpoint = done.at("/summary/bytes/byEndpoint");
            assertThat(byEndpoint.toString()).as(done.toString()).contains("\"endpoint\":\"" + dstName + "/egress\"");
            long written = done.at("/summary/bytes/written").asLong();
            assertThat(byEndpoint.get(0).get("written").asLong()).isEqualTo(written);
            assertThat(proxy.firstLines()).as("requests through the forward proxy").isNotEmpty()
                    .allMatch(l -> l.contains(" http://" + dst.hostPort() + "/v2/"));
            // not only the bytes: the plan's manifest HEAD and the blob HEADs open connections through the endpoint
            // too (the proxy sees each connection's first request)
            assertThat(proxy.firstLines()).as("requests through the forward proxy")
                    .anyMatch(l -> l.startsWith("HEAD ") && l.contains("/manifests/v1"))
                    .anyMatch(l -> l.startsWith("HEAD ") && l.contains("/blobs/sha256:"));

            JsonNode tasks = JSON.readTree(get("/api/v1/executions/" + id + "/tasks").body());
            // the plan's HEADs through egress measured its RTT before the route step ranked it; default is a prior
            assertThat(tasks.toString()).contains("\"destination\":\"" + dstName + "/egress\"").contains("\"failovers\":0")
                    .containsPattern("egress 40 MB/s [0-9]+ ms( \\(prior\\))? vs default 10 MB/s 100 ms \\(prior\\)");

            JsonNode distribution = done.get("distribution").get(0);
            assertThat(distribution.get("region").asString()).isEqualTo(ldn);
            assertThat(distribution.get("nodes").asInt()).isEqualTo(800);
            assertThat(distribution.get("originOnlySeconds").asDouble())
                    .isCloseTo(written * 8.0 * 800 / 10_000e6, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(distribution.get("replicationSeconds").asDouble()).isPositive();

            String endpoints = get("/api/v1/registries/" + dstName + "/endpoints").body();
            assertThat(endpoints).contains("\"name\":\"egress\"").containsPattern("\"throughputMBps\":[0-9]");
        }
    }
}
