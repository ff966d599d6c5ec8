package io.meridian.server.api.p2p;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.p2p.DragonflyContractServer;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The server wired end to end: a policy asking for preheat, an engine registered through the API, a real
 * replication, and the preheat visible on the task and counted in the execution's summary.
 */
@ExtendWith(OutputCaptureExtension.class)
class PreheatApiTest extends ServerTestBase {

    @Test
    void aPolicysPreheatRunsAfterTheCopyAndShowsOnItsTask(CapturedOutput output) throws Exception {
        String pat = Canaries.P2P_TOKEN;
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             DragonflyContractServer dragonfly = new DragonflyContractServer().resolveFromRegistry()) {
            dragonfly.token(pat, new DragonflyContractServer.Pat(List.of("job"), true, Instant.now().plusSeconds(600)))
                    .onPlatform("linux/amd64", DragonflyContractServer.Script.success(1, List.of(), List.of("n1")))
                    .onPlatform("linux/arm64", DragonflyContractServer.Script.failure(0, "no space left on device"));
            SampleImages images = new SampleImages(new RegistryClient(OciTransport.create(), src.endpoint()), 7);
            RepositoryName repo = RepositoryName.parse("p2p/app");
            images.multiArch(repo, "v1", images.layer(repo, 5000));
            String here = unique("hz");
            String there = unique("ldn");
            for (String r : List.of(here, there)) {
                assertThat(postJson("/api/v1/regions", "{\"name\":\"" + r + "\"}").statusCode()).isEqualTo(201);
            }
            String srcName = unique("src");
            String dstName = unique("dst");
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + srcName + "\",\"region\":\"" + here
                    + "\",\"url\":\"" + src.url() + "\",\"insecure\":true}").statusCode()).isEqualTo(201);
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + dstName + "\",\"region\":\"" + there
                    + "\",\"url\":\"" + dst.url() + "\",\"insecure\":true}").statusCode()).isEqualTo(201);
            String engine = unique("df");
            HttpResponse<String> created = postJson("/api/v1/p2p-engines", "{\"name\":\"" + engine + "\",\"region\":\""
                    + there + "\",\"kind\":\"dragonfly\",\"url\":\"" + dragonfly.url() + "\",\"token\":\"" + pat
                    + "\",\"schedulerClusterIds\":[2],\"scope\":\"all_peers\",\"nodes\":500}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String policy = unique("preheat");
            HttpResponse<String> p = postJson("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\""
                    + srcName + "\",\"repositories\":[\"p2p/**\"]},\"destinations\":[{\"registry\":\"" + dstName
                    + "\",\"namespace\":null}],\"preheat\":{\"enabled\":true,\"engines\":[\"" + engine + "\"]}}");
            assertThat(p.statusCode()).as(p.body()).isEqualTo(201);
            assertThat(json(p).path("preheat").toString()).isEqualTo("{\"enabled\":true,\"engines\":[\"" + engine + "\"]}");

            HttpResponse<String> started = postJson("/api/v1/policies/" + policy + "/executions", "");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = json(started).path("id").asString();
            JsonNode execution = awaitExecutionFinished(id);

            assertThat(execution.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(execution.path("summary").path("preheat").toString())
                    .isEqualTo("{\"succeeded\":0,\"unverified\":0,\"failed\":1}");
            HttpResponse<String> tasks = get("/api/v1/executions/" + id + "/tasks");
            JsonNode preheat = json(tasks).path("items").get(0).path("preheat");
            assertThat(preheat.path("engine").asString()).isEqualTo(engine);
            assertThat(preheat.path("jobIds")).hasSize(2);
            assertThat(preheat.path("state").asString()).isEqualTo("FAILURE");
            assertThat(preheat.path("peersWithAllLayers").asInt()).isEqualTo(1);
            assertThat(preheat.path("error").asString()).contains("linux/arm64").contains("no space left on device");
            assertThat(dragonfly.created("preheat")).allSatisfy(j -> {
                assertThat(j.body().path("scheduler_cluster_ids").toString()).isEqualTo("[2]");
                assertThat(j.body().path("args").has("headers")).as("an anonymous registry: no credential").isFalse();
            });
            assertThat(tasks.body()).doesNotContain(pat);
            assertThat(output.getAll()).doesNotContain(pat);
        }
    }
}
