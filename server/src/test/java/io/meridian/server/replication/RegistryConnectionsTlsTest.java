package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.TlsTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The engine reaches an https registry with a private CA through that registry's caBundle, and only through it. */
class RegistryConnectionsTlsTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);

    @Autowired
    private RegistryConnections connections;

    @Test
    void engineTrustsARegistrysCaBundleAndNothingElse(@TempDir Path dir) {
        try (TlsTestServer tls = TlsTestServer.start(dir)
                .json("/v2/team/app/tags/list", "{\"name\":\"team/app\",\"tags\":[\"v1\"]}")) {
            String region = "engine-tls-" + RUN;
            postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
            register("engine-tls-ca-" + RUN, region, tls, true);
            register("engine-tls-plain-" + RUN, region, tls, false);

            assertThat(connections.open("engine-tls-ca-" + RUN).listTags(RepositoryName.parse("team/app")))
                    .containsExactly("v1");
            assertThatThrownBy(() -> connections.open("engine-tls-plain-" + RUN)
                    .listTags(RepositoryName.parse("team/app")))
                    .isInstanceOf(RegistryException.class);
        }
    }

    private void register(String name, String region, TlsTestServer tls, boolean withCa) {
        String ca = withCa ? ",\"caBundle\":\"" + tls.caBundle() + "\"" : "";
        HttpResponse<String> created = postJson("/api/v1/registries", "{\"name\":\"" + name + "\",\"region\":\""
                + region + "\",\"url\":\"" + tls.url() + "\"" + ca + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
