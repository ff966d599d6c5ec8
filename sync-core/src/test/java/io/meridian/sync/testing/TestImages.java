package io.meridian.sync.testing;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Platform;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small deterministic test images built in code from a seed: Docker v2 and OCI images, a multi-arch index, a
 * Docker manifest list, a Helm OCI chart, a cosign-style signature, an OCI 1.1 artifact with a subject.
 * {@link #push} uploads one through our client (blobs, children, manifest, tag last) and returns it.
 */
public final class TestImages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A blob's content and digest. */
    public record Blob(MediaType mediaType, byte[] content, Digest digest) {
        public Descriptor descriptor() {
            return new Descriptor(mediaType, digest, content.length);
        }
    }

    /** A manifest with everything it needs: its blobs and (for an index) its child images. */
    public record Image(ManifestBytes manifest, List<Blob> blobs, List<Image> children) {
        public Image {
            blobs = List.copyOf(blobs);
            children = List.copyOf(children);
        }

        public Digest digest() {
            return manifest.digest();
        }

        public Descriptor descriptor() {
            return manifest.descriptor();
        }

        /** Every blob of this image and its children. */
        public List<Blob> allBlobs() {
            List<Blob> all = new ArrayList<>(blobs);
            children.forEach(c -> all.addAll(c.allBlobs()));
            return all;
        }
    }

    private final Random random;

    public TestImages(long seed) {
        this.random = new Random(seed);
    }

    public Blob randomBlob(MediaType type, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return blob(type, b);
    }

    public static Blob blob(MediaType type, byte[] content) {
        return new Blob(type, content, Digest.sha256Of(content));
    }

    public Image dockerImage(int layers, int layerSize) {
        return image(MediaType.DOCKER_MANIFEST_V2, MediaType.DOCKER_CONFIG, MediaType.DOCKER_LAYER_GZIP, layers,
                layerSize, "amd64", false);
    }

    public Image ociImage(int layers, int layerSize) {
        return ociImage(layers, layerSize, "amd64");
    }

    public Image ociImage(int layers, int layerSize, String arch) {
        return image(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG, MediaType.OCI_LAYER_GZIP, layers, layerSize, arch,
                true);
    }

    private Image image(MediaType manifestType, MediaType configType, MediaType layerType, int layers, int layerSize,
                        String arch, boolean withAnnotations) {
        List<Blob> layerBlobs = new ArrayList<>();
        ArrayNode diffIds = JSON.createArrayNode();
        for (int i = 0; i < layers; i++) {
            Blob l = randomBlob(layerType, layerSize);
            layerBlobs.add(l);
            diffIds.add(l.digest().toString());
        }
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("architecture", arch);
        cfg.put("os", "linux");
        cfg.put("created", "2026-01-01T00:00:00Z");
        cfg.putObject("config").putArray("Cmd").add("/bin/app").add("--seed=" + random.nextInt(1_000_000));
        ObjectNode rootfs = cfg.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        Blob config = blob(configType, bytes(cfg));
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", manifestType.value());
        m.set("config", desc(config.descriptor()));
        ArrayNode arr = m.putArray("layers");
        layerBlobs.forEach(l -> arr.add(desc(l.descriptor())));
        if (withAnnotations) {
            m.putObject("annotations").put("org.opencontainers.image.created", "2026-01-01T00:00:00Z");
        }
        List<Blob> blobs = new ArrayList<>();
        blobs.add(config);
        blobs.addAll(layerBlobs);
        return new Image(ManifestBytes.of(manifestType, bytes(m)), blobs, List.of());
    }

    /** An OCI index with one small OCI image per architecture. */
    public Image multiArchIndex(String... architectures) {
        return index(MediaType.OCI_INDEX, architectures, false);
    }

    /** A Docker manifest list with one Docker v2 image per architecture. */
    public Image dockerManifestList(String... architectures) {
        return index(MediaType.DOCKER_MANIFEST_LIST, architectures, true);
    }

    private Image index(MediaType type, String[] architectures, boolean docker) {
        List<Image> children = new ArrayList<>();
        ObjectNode idx = JSON.createObjectNode();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", type.value());
        ArrayNode arr = idx.putArray("manifests");
        for (String arch : architectures) {
            Image child = docker
                    ? image(MediaType.DOCKER_MANIFEST_V2, MediaType.DOCKER_CONFIG, MediaType.DOCKER_LAYER_GZIP, 1, 2048,
                    arch, false)
                    : ociImage(1, 2048, arch);
            children.add(child);
            ObjectNode d = desc(child.descriptor().withPlatform(Platform.of("linux", arch)));
            arr.add(d);
        }
        return new Image(ManifestBytes.of(type, bytes(idx)), List.of(), children);
    }

    /** A Helm chart as OCI artifact: Helm config, chart content layer, provenance layer. */
    public Image helmChart(String name, String version) {
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("name", name);
        cfg.put("version", version);
        cfg.put("apiVersion", "v2");
        cfg.put("description", "test chart " + name);
        Blob config = blob(MediaType.HELM_CONFIG, bytes(cfg));
        Blob chart = randomBlob(MediaType.HELM_CHART_CONTENT, 4096);
        Blob prov = blob(MediaType.HELM_PROVENANCE, ("-----BEGIN PGP SIGNED MESSAGE-----\nname: " + name
                + "\nversion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST.value());
        m.set("config", desc(config.descriptor()));
        m.putArray("layers").add(desc(chart.descriptor())).add(desc(prov.descriptor()));
        m.putObject("annotations").put("org.opencontainers.image.title", name)
                .put("org.opencontainers.image.version", version);
        return new Image(ManifestBytes.of(MediaType.OCI_MANIFEST, bytes(m)), List.of(config, chart, prov), List.of());
    }

    /** A cosign-style signature manifest for {@code subject}; push it under {@link #cosignTag}. */
    public Image cosignSignature(Descriptor subject) {
        Blob config = blob(MediaType.OCI_CONFIG, "{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{}}"
                .getBytes(StandardCharsets.UTF_8));
        Blob payload = blob(MediaType.COSIGN_SIMPLE_SIGNING, ("{\"critical\":{\"identity\":{\"docker-reference\":\"test\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + subject.digest() + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}").getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[64];
        random.nextBytes(sig);
        ObjectNode layer = desc(payload.descriptor());
        layer.putObject("annotations").put("dev.cosignproject.cosign/signature",
                java.util.Base64.getEncoder().encodeToString(sig));
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST.value());
        m.set("config", desc(config.descriptor()));
        m.putArray("layers").add(layer);
        return new Image(ManifestBytes.of(MediaType.OCI_MANIFEST, bytes(m)), List.of(config, payload), List.of());
    }

    public static String cosignTag(Digest subject) {
        return subject.algorithm() + "-" + subject.hex() + ".sig";
    }

    /** An OCI 1.1 artifact (empty config, {@code artifactType}, {@code subject}), e.g. an SBOM attached to an image. */
    public Image artifact(Descriptor subject, MediaType artifactType) {
        Blob empty = blob(MediaType.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Blob content = randomBlob(MediaType.parse("application/spdx+json"), 1024);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST.value());
        m.put("artifactType", artifactType.value());
        m.set("config", desc(empty.descriptor()));
        m.putArray("layers").add(desc(content.descriptor()));
        m.set("subject", desc(subject));
        m.putObject("annotations").put("org.opencontainers.image.created", "2026-01-01T00:00:00Z");
        return new Image(ManifestBytes.of(MediaType.OCI_MANIFEST, bytes(m)), List.of(empty, content), List.of());
    }

    /**
     * Pushes an image the way a careful copier does: blobs (skipped when present), children, the manifest by
     * digest, and the tag last. {@code tag} may be null to push by digest only.
     */
    public static Image push(RegistryClient client, RepositoryName repo, String tag, Image image) {
        for (Image child : image.children()) {
            push(client, repo, null, child);
        }
        for (Blob b : image.blobs()) {
            if (client.headBlob(repo, b.digest()).isEmpty()) {
                client.pushBlob(repo, b.digest(), b.content());
            }
        }
        client.putManifest(repo, Reference.digest(image.digest()), image.manifest());
        if (tag != null) {
            client.putManifest(repo, Reference.tag(tag), image.manifest());
        }
        return image;
    }

    static ObjectNode desc(Descriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", d.mediaType().value());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        d.artifactType().ifPresent(t -> n.put("artifactType", t.value()));
        d.platform().ifPresent(p -> {
            ObjectNode pn = n.putObject("platform");
            pn.put("architecture", p.architecture());
            pn.put("os", p.os());
            if (p.variant() != null) {
                pn.put("variant", p.variant());
            }
        });
        if (!d.annotations().isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            d.annotations().forEach(a::put);
        }
        return n;
    }

    static byte[] bytes(ObjectNode n) {
        return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    }

}
