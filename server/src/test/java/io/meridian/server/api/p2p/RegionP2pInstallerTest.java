package io.meridian.server.api.p2p;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RegionP2pInstallerTest extends ServerTestBase {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Autowired
    RegionCertificateAuthority authority;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    private String region() {
        String region = unique("eu-west");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
        return region;
    }

    @Test
    void theInstallerIsTypedKubernetesObjectsForTheRegionsRegistries() throws Exception {
        String region = region();
        String registry = "https://reg." + region + ".example.com:5000";
        assertThat(postJson("/api/v1/registries", "{\"name\":\"" + unique("reg") + "\",\"region\":\"" + region
                + "\",\"url\":\"" + registry + "\"}").statusCode()).isEqualTo(201);
        String engine = unique("df");
        assertThat(postJson("/api/v1/p2p-engines", "{\"name\":\"" + engine + "\",\"region\":\"" + region
                + "\",\"kind\":\"dragonfly\",\"url\":\"https://manager." + region + ".example.com:8080\",\"token\":\"t\","
                + "\"schedulerClusterIds\":[1],\"nodes\":100}").statusCode()).isEqualTo(201);

        HttpResponse<String> r = get("/api/v1/regions/" + region + "/p2p/installer?engine=" + engine);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(r.body())) {
            it.forEachRemaining(docs::add);
        }
        assertThat(docs).extracting(d -> d.path("kind").asString())
                .containsExactly("Namespace", "Secret", "ConfigMap", "DaemonSet");
        Namespace ns = YAML.treeToValue(docs.get(0), Namespace.class);
        Secret secret = YAML.treeToValue(docs.get(1), Secret.class);
        ConfigMap config = YAML.treeToValue(docs.get(2), ConfigMap.class);
        DaemonSet ds = YAML.treeToValue(docs.get(3), DaemonSet.class);
        assertThat(ns.getMetadata().getName()).isEqualTo("meridian-p2p");
        assertThat(ds.getApiVersion()).isEqualTo("apps/v1");

        String caPem = get("/api/v1/regions/" + region + "/p2p/ca.pem").body();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("ca.crt")), StandardCharsets.US_ASCII))
                .isEqualTo(caPem);
        String hostsToml = config.getData().get("hosts-reg." + region + ".example.com_5000.toml");
        assertThat(hostsToml).contains("server = \"" + registry + "\"")
                .contains("[host.\"http://127.0.0.1:4001\"]").contains("X-Dragonfly-Registry = [\"" + registry + "\"]");
        JsonNode dfdaemon = YAML.readTree(config.getData().get("dfdaemon.yaml"));
        assertThat(dfdaemon.path("proxy").path("registryMirror").path("addr").asString()).isEqualTo(registry);
        assertThat(dfdaemon.path("manager").path("addrs").get(0).asString())
                .isEqualTo("http://manager." + region + ".example.com:65003");
        assertThat(config.getData().get("daemon.json")).isEqualTo("{\"registry-mirrors\":[\"http://127.0.0.1:4001\"]}");

        var pod = ds.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        Container init = pod.getInitContainers().get(0);
        String script = init.getCommand().get(2);
        assertThat(script).contains("/host/etc/containerd/certs.d/reg." + region + ".example.com:5000/hosts.toml")
                .contains("meridian-p2p-" + region + ".crt").contains("[ -e /host/etc/docker/daemon.json ] ||");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getHostPath() != null)
                .extracting(v -> v.getHostPath().getPath())
                .contains("/etc/containerd/certs.d", "/etc/docker", "/usr/local/share/ca-certificates");
        assertThat(pod.getContainers().get(0).getPorts().get(0).getHostPort()).isEqualTo(4001);
    }

    @Test
    void theRegionsCaIsMadeOnceKeepsItsKeyEncryptedAndVerifiesTheLeavesItIssues() throws Exception {
        String region = region();
        String first = get("/api/v1/regions/" + region + "/p2p/ca.pem").body();
        assertThat(first).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(get("/api/v1/regions/" + region + "/p2p/ca.pem").body()).isEqualTo(first);
        byte[] key = jdbc.sql("SELECT private_key_ciphertext FROM region_p2p_cas WHERE name = :n").param("n", region)
                .query((rs, i) -> rs.getBytes(1)).single();
        assertThat(new String(key, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");

        RegionCertificateAuthority.Issued leaf = authority.issue(region, List.of("mirror." + region + ".example.com"));
        assertThat(openssl(first, leaf.certificatePem())).isEqualTo("leaf.pem: OK");
        assertThat(leaf.toString()).doesNotContain("PRIVATE");
        // a leaf of another region's CA does not verify against this one
        String other = region();
        RegionCertificateAuthority.Issued foreign = authority.issue(other, List.of("mirror.example.com"));
        assertThat(openssl(first, foreign.certificatePem())).doesNotContain("leaf.pem: OK");
        assertThat(get("/api/v1/regions/" + unique("nowhere") + "/p2p/ca.pem").statusCode()).isEqualTo(404);
    }

    @Test
    void theInstallerNeedsADragonflyEngineOfTheRegion() {
        String region = region();
        String kraken = unique("kr");
        assertThat(postJson("/api/v1/p2p-engines", "{\"name\":\"" + kraken + "\",\"region\":\"" + region
                + "\",\"kind\":\"kraken\",\"url\":\"http://127.0.0.1:1\",\"nodes\":3}").statusCode()).isEqualTo(201);
        assertThat(errorFields(get("/api/v1/regions/" + region + "/p2p/installer"))).containsExactly("engine");
        assertThat(errorFields(get("/api/v1/regions/" + region + "/p2p/installer?engine=" + kraken)))
                .containsExactly("engine");
        assertThat(errorFields(get("/api/v1/regions/" + region + "/p2p/installer?engine=nope"))).containsExactly("engine");
    }

    private String openssl(String caPem, String leafPem) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), caPem);
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), leafPem);
        Process p = new ProcessBuilder("openssl", "verify", "-CAfile", ca.toString(), leaf.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.contains("leaf.pem")).findFirst().orElse(out).replace(dir + "/", "").trim();
    }
}
