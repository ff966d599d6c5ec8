package io.meridian.bench.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic registry: N image repositories × T tags sharing base layers, each image with its own
 * layer, every n-th tag a linux/amd64 + linux/arm64 index, cosign-style signature tags, and Helm OCI charts.
 * Written as an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}) whose
 * {@code org.opencontainers.image.ref.name} annotations are {@code repository:tag}.
 */
public final class Generator {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    public static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    public static final String COSIGN_LAYER = "application/vnd.dev.cosign.simplesigning.v1+json";
    private static final String CREATED = "2026-01-01T00:00:00Z";

    private final DatasetSpec spec;
    private final Path layout;
    private BlobWriter writer;

    public Generator(DatasetSpec spec, Path layout) {
        this.spec = spec;
        this.layout = layout;
    }

    /** Generates (or reuses the cached bytes of) the data set in {@code layout}. */
    public Dataset generate() {
        try {
            writer = new BlobWriter(layout);
            List<TagRef> refs = new ArrayList<>();
            List<Blob> base = new ArrayList<>();
            for (int b = 0; b < spec.baseLayers(); b++) {
                base.add(layer("base-" + b, spec.baseLayerBytes()));
            }
            for (int r = 0; r < spec.repos(); r++) {
                String repo = String.format("bench/app-%03d", r);
                for (int t = 0; t < spec.tagsPerRepo(); t++) {
                    String tag = "v1." + t;
                    boolean multiArch = spec.multiArchEvery() > 0 && t % spec.multiArchEvery() == spec.multiArchEvery() - 1;
                    Manifest root = multiArch ? index(repo, tag, base) : image(repo, tag, "amd64", base);
                    refs.add(new TagRef(repo, tag, root));
                    if (spec.signEvery() > 0 && t % spec.signEvery() == 0) {
                        refs.add(new TagRef(repo, "sha256-" + root.descriptor().hex() + ".sig",
                                signature(repo, root)));
                    }
                }
            }
            for (int c = 0; c < spec.chartRepos(); c++) {
                String repo = String.format("charts/chart-%02d", c);
                for (int v = 0; v < spec.chartVersions(); v++) {
                    refs.add(new TagRef(repo, "0.1." + v, chart(c, v)));
                }
            }
            writeIndex(refs);
            return new Dataset(spec, layout, refs);
        } catch (IOException e) {
            throw new UncheckedIOException("generating " + spec.name() + " in " + layout, e);
        }
    }

    private Manifest image(String repo, String tag, String arch, List<Blob> base) {
        List<Blob> layers = new ArrayList<>(base);
        layers.add(layer(repo.replace('/', '_') + "-" + tag + "-" + arch, spec.tagLayerBytes()));
        StringBuilder diffIds = new StringBuilder();
        for (Blob l : layers) {
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(l.digest()).append('"');
        }
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"created\":\"" + CREATED
                + "\",\"config\":{\"Labels\":{\"io.meridian.bench.ref\":\"" + repo + ":" + tag + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}";
        return manifest(writer.bytes(utf8(config), OCI_CONFIG), layers, "");
    }

    private Manifest index(String repo, String tag, List<Blob> base) {
        Manifest amd = image(repo, tag, "amd64", base);
        Manifest arm = image(repo, tag, "arm64", base);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + platformDescriptor(amd, "amd64") + "," + platformDescriptor(arm, "arm64") + "]}";
        byte[] bytes = utf8(json);
        return new Manifest(writer.bytes(bytes, OCI_INDEX), bytes, List.of(), List.of(amd, arm));
    }

    private Manifest signature(String repo, Manifest signed) {
        String payload = "{\"critical\":{\"identity\":{\"docker-reference\":\"" + repo + "\"},\"image\":"
                + "{\"docker-manifest-digest\":\"" + signed.digest() + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}";
        Blob layer = writer.bytes(utf8(payload), COSIGN_LAYER);
        byte[] sig = new byte[64];
        new SplittableRandom(seedOf("sig-" + signed.digest())).nextBytes(sig);
        String config = "{\"architecture\":\"\",\"config\":{},\"created\":\"0001-01-01T00:00:00Z\",\"os\":\"\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.digest() + "\"]}}";
        String annotations = ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\""
                + Base64.getEncoder().encodeToString(sig) + "\"}";
        return manifest(writer.bytes(utf8(config), OCI_CONFIG), List.of(layer), annotations);
    }

    private Manifest chart(int c, int v) {
        String name = String.format("chart-%02d", c);
        String config = "{\"name\":\"" + name + "\",\"version\":\"0.1." + v + "\",\"description\":\"bench chart\","
                + "\"apiVersion\":\"v2\",\"appVersion\":\"1.0\",\"type\":\"application\"}";
        Blob content = writer.random(name + "-" + v, seedOf(name + "-" + v), spec.chartBytes(), HELM_CHART);
        return manifest(writer.bytes(utf8(config), HELM_CONFIG), List.of(content), "");
    }

    private Manifest manifest(Blob config, List<Blob> layers, String layerAnnotations) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":");
        json.append(descriptor(config, "")).append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(descriptor(layers.get(i), layerAnnotations));
        }
        json.append("]}");
        byte[] bytes = utf8(json.toString());
        List<Blob> blobs = new ArrayList<>();
        blobs.add(config);
        blobs.addAll(layers);
        return new Manifest(writer.bytes(bytes, OCI_MANIFEST), bytes, blobs, List.of());
    }

    private Blob layer(String id, long size) {
        return writer.random(id, seedOf(id), size, OCI_LAYER);
    }

    private void writeIndex(List<TagRef> refs) throws IOException {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < refs.size(); i++) {
            TagRef ref = refs.get(i);
            json.append(i == 0 ? "" : ",").append(descriptor(ref.manifest().descriptor(),
                    ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref.refName() + "\"}"));
        }
        json.append("]}");
        Files.writeString(layout.resolve("index.json"), json);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static String descriptor(Blob blob, String extra) {
        return "{\"mediaType\":\"" + blob.mediaType() + "\",\"digest\":\"" + blob.digest() + "\",\"size\":" + blob.size()
                + extra + "}";
    }

    private static String platformDescriptor(Manifest m, String arch) {
        return descriptor(m.descriptor(), ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}");
    }

    /** FNV-1a of the id mixed with the spec's seed: the same id always yields the same bytes. */
    private long seedOf(String id) {
        long h = 0xcbf29ce484222325L ^ spec.seed();
        for (byte b : utf8(id)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
