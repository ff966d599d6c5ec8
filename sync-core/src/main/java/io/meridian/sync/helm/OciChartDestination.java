package io.meridian.sync.helm;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCI registry as the destination of classic charts: each version is pushed as Helm pushes it ({@code helm push},
 * helm/helm {@code pkg/registry}): config {@code application/vnd.cncf.helm.config.v1+json} = the chart's
 * {@code Chart.yaml} metadata as JSON (Go field order of {@code chart.Metadata}), a layer
 * {@code application/vnd.cncf.helm.chart.content.v1.tar+gzip} = the {@code .tgz} byte for byte (so its digest is the
 * index's {@code digest}), a {@code .prov} layer when there is one, and the tag = version with {@code +} as {@code _}.
 * Blobs first, the tag last. Repository = {@code <namespace>/<chart name>}.
 */
public final class OciChartDestination implements ChartDestination {

    private static final Logger LOG = LoggerFactory.getLogger(OciChartDestination.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** {@code chart.Metadata}'s JSON fields in declaration order (helm/helm pkg/chart/metadata.go). */
    private static final List<String> METADATA_ORDER = List.of("name", "home", "sources", "version", "description",
            "keywords", "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated",
            "annotations", "kubeVersion", "dependencies", "type");

    private final RegistryClient registry;
    private final Optional<String> namespace;
    private final Clock clock;

    public OciChartDestination(RegistryClient registry, Optional<String> namespace) {
        this(registry, namespace, Clock.systemUTC());
    }

    OciChartDestination(RegistryClient registry, Optional<String> namespace, Clock clock) {
        this.registry = registry;
        this.namespace = namespace == null ? Optional.empty() : namespace.filter(s -> !s.isBlank());
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "oci " + registry.endpoint().hostPort() + namespace.map(n -> "/" + n).orElse("");
    }

    /** Helm's tag for a chart version: OCI tags cannot hold {@code +}. */
    public static String tag(String version) {
        return version.replace('+', '_');
    }

    public RepositoryName repository(String chartName) {
        try {
            return RepositoryName.parse(namespace.map(n -> n + "/").orElse("") + chartName);
        } catch (IllegalArgumentException e) {
            throw HelmRepositoryException.permanent("chart " + chartName + " cannot be an OCI repository name at "
                    + describe() + ": " + e.getMessage(), 0, e);
        }
    }

    @Override
    public Optional<ChartDigest> existing(String name, String version) {
        RepositoryName repo = repository(name);
        Reference ref = Reference.tag(tag(version));
        try {
            if (registry.headManifest(repo, ref).isEmpty()) {
                return Optional.empty();
            }
            Manifest manifest = registry.getManifest(repo, ref).parse();
            if (manifest instanceof Manifest.ImageManifest image) {
                return image.layers().stream().filter(l -> l.mediaType().equals(MediaType.HELM_CHART_CONTENT))
                        .findFirst().map(l -> ChartDigest.parse(l.digest().toString()));
            }
            return Optional.empty();
        } catch (RegistryException e) {
            throw wrap("look up " + repo + ":" + ref.value() + " at " + describe(), e);
        }
    }

    @Override
    public void put(List<ChartUpload> uploads, boolean overwrite) {
        for (ChartUpload upload : uploads) {
            push(upload);
        }
    }

    private void push(ChartUpload upload) {
        ChartVersion v = upload.entry();
        RepositoryName repo = repository(v.name());
        String action = "push chart " + v.name() + " " + v.version() + " to " + describe();
        try {
            byte[] config = JSON.writeValueAsBytes(config(v));
            Digest configDigest = Digest.sha256Of(config);
            registry.pushBlob(repo, configDigest, config);
            Digest chartDigest = Digest.parse(upload.chart().digest().oci());
            if (registry.headBlob(repo, chartDigest).isEmpty()) {
                registry.pushBlob(repo, chartDigest, upload.chart().size(), offset -> skip(upload.chart(), offset));
            }
            ObjectNode manifest = JsonNodeFactory.instance.objectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaType.OCI_MANIFEST.value());
            manifest.set("config", descriptor(new Descriptor(MediaType.HELM_CONFIG, configDigest, config.length)));
            ArrayNode layers = manifest.putArray("layers");
            layers.add(descriptor(new Descriptor(MediaType.HELM_CHART_CONTENT, chartDigest, upload.chart().size())));
            if (upload.provenance().isPresent()) {
                SpooledChart prov = upload.provenance().get();
                Digest provDigest = Digest.parse(prov.digest().oci());
                registry.pushBlob(repo, provDigest, prov.size(), offset -> skip(prov, offset));
                layers.add(descriptor(new Descriptor(MediaType.HELM_PROVENANCE, provDigest, prov.size())));
            }
            ObjectNode annotations = manifest.putObject("annotations");
            annotations.put("org.opencontainers.image.created", ChartVersion.RFC3339.format(clock.instant()));
            Optional.ofNullable(v.text("description")).ifPresent(d -> annotations.put("org.opencontainers.image.description", d));
            annotations.put("org.opencontainers.image.title", v.name());
            annotations.put("org.opencontainers.image.version", v.version());
            ManifestBytes bytes = ManifestBytes.of(MediaType.OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
            registry.putManifest(repo, Reference.tag(tag(v.version())), bytes);
            LOG.info("chart {} {} pushed to {}/{}:{} as {}", v.name(), v.version(), registry.endpoint().hostPort(), repo, tag(v.version()),
                    bytes.digest().shortForm());
        } catch (RegistryException e) {
            throw wrap(action, e);
        }
    }

    /** Helm's config: {@code json.Marshal(chart.Metadata)}, empty fields omitted. */
    static ObjectNode config(ChartVersion v) {
        ObjectNode meta = v.metadata();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : METADATA_ORDER) {
            JsonNode value = meta.get(field);
            if (value != null && !value.isNull() && !(value.isContainer() && value.isEmpty())
                    && !(value.isString() && value.asString().isEmpty()) && !(value.isBoolean() && !value.asBoolean())) {
                out.set(field, value);
            }
        }
        return out;
    }

    private static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mediaType", d.mediaType().value());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        return node;
    }

    private static java.io.InputStream skip(SpooledChart content, long offset) throws java.io.IOException {
        java.io.InputStream in = content.open();
        in.skipNBytes(offset);
        return in;
    }

    private static HelmRepositoryException wrap(String action, RegistryException e) {
        String message = action + ": " + e.getMessage();
        return e.isRetryable() ? HelmRepositoryException.retryable(message, e.status(), e)
                : HelmRepositoryException.permanent(message, e.status(), e);
    }
}
