package io.meridian.server.api.p2p;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The node installer of a region with a Dragonfly engine, as typed Kubernetes objects (fabric8 model): a Namespace,
 * a Secret with the region's CA certificate, a ConfigMap with dfdaemon's configuration (a registry mirror on every
 * node, port 4001) and the containerd {@code certs.d/<host>/hosts.toml} of each registry of the region, and a
 * DaemonSet whose init container installs those files and the CA on the host (hostPath) before dfdaemon starts.
 */
public final class P2pInstaller {

    static final String NAMESPACE = "meridian-p2p";
    static final String MIRROR = "http://127.0.0.1:4001";
    /** dfdaemon (Dragonfly v2 client) image; the tag the configuration below was written against. */
    static final String DFDAEMON_IMAGE = "dragonflyoss/client:v1.0.0";
    static final String INIT_IMAGE = "busybox:1.36";
    /** The manager's gRPC port (Dragonfly's default); the engine's URL is its REST port. */
    static final int MANAGER_GRPC_PORT = 65003;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "meridian-p2p-node",
            "app.kubernetes.io/managed-by", "meridian");

    private P2pInstaller() {
    }

    /** @param registryUrls the region's registry base URLs ({@code https://reg.ldn:5000}) */
    public static List<HasMetadata> objects(String region, URI manager, String caPem, List<String> registryUrls) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).withLabels(LABELS).endMetadata()
                .build();
        Secret ca = new SecretBuilder().withNewMetadata().withName("meridian-p2p-ca").withNamespace(NAMESPACE)
                .withLabels(LABELS).endMetadata().withType("Opaque")
                .withData(Map.of("ca.crt", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))))
                .build();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dfdaemon.yaml", dfdaemonYaml(manager, registryUrls));
        files.put("daemon.json", JSON.writeValueAsString(Map.of("registry-mirrors", List.of(MIRROR))));
        StringBuilder install = new StringBuilder("set -eu\n");
        install.append("mkdir -p /host/usr/local/share/ca-certificates\n");
        install.append("cp /ca/ca.crt /host/usr/local/share/ca-certificates/meridian-p2p-").append(region).append(".crt\n");
        for (String url : registryUrls) {
            String host = URI.create(url).getRawAuthority();
            String key = "hosts-" + host.replace(':', '_') + ".toml";
            files.put(key, hostsToml(url));
            String dir = "/host/etc/containerd/certs.d/" + host;
            install.append("mkdir -p '").append(dir).append("'\n")
                    .append("cp /config/").append(key).append(" '").append(dir).append("/hosts.toml'\n")
                    .append("cp /ca/ca.crt '").append(dir).append("/ca.crt'\n");
        }
        // Docker mirrors Docker Hub only, and an existing daemon.json is the node owner's: written only when absent
        install.append("[ -e /host/etc/docker/daemon.json ] || { mkdir -p /host/etc/docker;"
                + " cp /config/daemon.json /host/etc/docker/daemon.json; }\n");
        ConfigMap config = new ConfigMapBuilder().withNewMetadata().withName("dfdaemon").withNamespace(NAMESPACE)
                .withLabels(LABELS).endMetadata().withData(files).build();
        DaemonSet daemonSet = new DaemonSetBuilder()
                .withNewMetadata().withName("meridian-p2p-node").withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec().withHostNetwork(true)
                .addNewToleration().withOperator("Exists").endToleration()
                .addToInitContainers(new ContainerBuilder().withName("install-mirror").withImage(INIT_IMAGE)
                        .withCommand("sh", "-c", install.toString())
                        .withVolumeMounts(
                                new VolumeMountBuilder().withName("config").withMountPath("/config").build(),
                                new VolumeMountBuilder().withName("ca").withMountPath("/ca").build(),
                                new VolumeMountBuilder().withName("containerd-certs").withMountPath("/host/etc/containerd/certs.d").build(),
                                new VolumeMountBuilder().withName("docker").withMountPath("/host/etc/docker").build(),
                                new VolumeMountBuilder().withName("ca-certificates").withMountPath("/host/usr/local/share/ca-certificates").build())
                        .build())
                .addToContainers(new ContainerBuilder().withName("dfdaemon").withImage(DFDAEMON_IMAGE)
                        .withArgs("--config", "/etc/dragonfly/dfdaemon.yaml")
                        .addNewPort().withName("proxy").withContainerPort(4001).withHostPort(4001).endPort()
                        .withVolumeMounts(
                                new VolumeMountBuilder().withName("config").withMountPath("/etc/dragonfly").build(),
                                new VolumeMountBuilder().withName("storage").withMountPath("/var/lib/dragonfly").build())
                        .build())
                .withVolumes(
                        new VolumeBuilder().withName("config").withNewConfigMap().withName("dfdaemon").endConfigMap().build(),
                        new VolumeBuilder().withName("ca").withNewSecret().withSecretName("meridian-p2p-ca").endSecret().build(),
                        hostPath("containerd-certs", "/etc/containerd/certs.d"),
                        hostPath("docker", "/etc/docker"),
                        hostPath("ca-certificates", "/usr/local/share/ca-certificates"),
                        hostPath("storage", "/var/lib/dragonfly"))
                .endSpec().endTemplate().endSpec().build();
        return List.of(ns, ca, config, daemonSet);
    }

    /** The objects as one multi-document YAML stream. */
    public static String yaml(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) {
            String doc = YAML.writeValueAsString(o);
            out.append(doc.startsWith("---") ? "" : "---\n").append(doc);
        }
        return out.toString();
    }

    /** dfdaemon's registry mirror (d7y.io reference/configuration/client/dfdaemon.md): blobs through the swarm. */
    static String dfdaemonYaml(URI manager, List<String> registryUrls) {
        Map<String, Object> proxy = new LinkedHashMap<>();
        proxy.put("server", Map.of("port", 4001));
        proxy.put("rules", List.of(Map.of("regex", "blobs/sha256.*")));
        // the default upstream; each containerd host sends X-Dragonfly-Registry for its own registry
        proxy.put("registryMirror", Map.of("addr", registryUrls.isEmpty() ? "https://index.docker.io"
                : registryUrls.get(0)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("manager", Map.of("addrs", List.of("http://" + manager.getHost() + ":" + MANAGER_GRPC_PORT)));
        config.put("proxy", proxy);
        return YAML.writeValueAsString(config);
    }

    /** containerd's {@code certs.d/<host>/hosts.toml}: pull and resolve through the node's dfdaemon. */
    static String hostsToml(String registryUrl) {
        return "server = \"" + registryUrl + "\"\n\n"
                + "[host.\"" + MIRROR + "\"]\n"
                + "  capabilities = [\"pull\", \"resolve\"]\n"
                + "  [host.\"" + MIRROR + "\".header]\n"
                + "    X-Dragonfly-Registry = [\"" + registryUrl + "\"]\n";
    }

    private static Volume hostPath(String name, String path) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType("DirectoryOrCreate")
                .endHostPath().build();
    }
}
