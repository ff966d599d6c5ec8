package io.meridian.sync.batch;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pushes small, realistic artifacts into a real registry: images whose layers can be shared,
 * multi-arch indexes, a Helm OCI chart and a cosign-style signature tag. Seeded, so a failing
 * run can be replayed.
 */
public final class SampleImages {

    private final RegistryClient client;
    private final Random random;

    public SampleImages(RegistryClient client, long seed) {
        this.client = client;
        this.random = new Random(seed);
    }

    public Descriptor layer(RepositoryName repo, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return blob(repo, data, MediaType.OCI_LAYER_GZIP);
    }

    public Descriptor blob(RepositoryName repo, byte[] data, MediaType mediaType) {
        Digest digest = Digest.sha256Of(data);
        client.pushBlob(repo, digest, data);
        return new Descriptor(mediaType, digest, data.length);
    }

    /** An OCI image with a fresh config and the given layers (push shared ones first with {@link #layer}). */
    public ManifestBytes image(RepositoryName repo, String tag, List<Descriptor> layers) {
        return image(repo, tag, MediaType.OCI_CONFIG, layers);
    }

    public ManifestBytes image(RepositoryName repo, String tag, MediaType configType, List<Descriptor> layers) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"nonce\":" + random.nextLong() + "}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = blob(repo, config, configType);
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"")
                .append(MediaType.OCI_MANIFEST.value()).append("\",\"config\":").append(json(configDescriptor))
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(json(layers.get(i)));
        }
        json.append("]}");
        ManifestBytes manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, json.toString().getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, tag == null ? Reference.digest(manifest.digest()) : Reference.tag(tag), manifest);
        return manifest;
    }

    /** A two-platform index whose children share {@code base}. */
    public ManifestBytes multiArch(RepositoryName repo, String tag, Descriptor base) {
        List<String> children = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            ManifestBytes child = image(repo, null, List.of(base, layer(repo, 2048 + random.nextInt(2048))));
            children.add("{\"mediaType\":\"" + MediaType.OCI_MANIFEST.value() + "\",\"digest\":\"" + child.digest()
                    + "\",\"size\":" + child.size() + ",\"platform\":{\"architecture\":\"" + arch
                    + "\",\"os\":\"linux\"}}");
        }
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX.value() + "\",\"manifests\":["
                + String.join(",", children) + "]}";
        ManifestBytes index = ManifestBytes.of(MediaType.OCI_INDEX, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, Reference.tag(tag), index);
        return index;
    }

    /** A Helm chart stored as an OCI artifact (tag = chart version). */
    public ManifestBytes helmChart(RepositoryName repo, String version) {
        Descriptor content = blob(repo, randomBytes(3000), MediaType.HELM_CHART_CONTENT);
        byte[] config = ("{\"name\":\"" + repo.value().replace('/', '-') + "\",\"version\":\"" + version
                + "\",\"apiVersion\":\"v2\"}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = blob(repo, config, MediaType.HELM_CONFIG);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST.value() + "\",\"config\":"
                + json(configDescriptor) + ",\"layers\":[" + json(content) + "]}";
        ManifestBytes manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, Reference.tag(version), manifest);
        return manifest;
    }

    /** A cosign-style signature of {@code subject}, at tag {@code sha256-<hex>.sig}. */
    public ManifestBytes signature(RepositoryName repo, Digest subject) {
        byte[] payload = ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor layer = blob(repo, payload, MediaType.COSIGN_SIMPLE_SIGNING);
        Descriptor config = blob(repo, "{}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_CONFIG);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST.value() + "\",\"config\":"
                + json(config) + ",\"layers\":[{\"mediaType\":\"" + layer.mediaType().value() + "\",\"digest\":\""
                + layer.digest() + "\",\"size\":" + layer.size()
                + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MEUCIQ" + random.nextInt(1_000_000)
                + "\"}}]}";
        ManifestBytes manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, Reference.tag("sha256-" + subject.hex() + ".sig"), manifest);
        return manifest;
    }

    public byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    private static String json(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType().value() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size()
                + "}";
    }
}
