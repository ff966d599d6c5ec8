package io.meridian.sync.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A media type (RFC 6838 shape, parameters dropped), with the constants registries and artifacts use. */
public record MediaType(String value) {

    private static final Pattern GRAMMAR = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    public static final MediaType DOCKER_MANIFEST_V2 = new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    public static final MediaType DOCKER_MANIFEST_LIST = new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");

    public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
    public static final MediaType DOCKER_LAYER_GZIP = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
    public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
    public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
    public static final MediaType OCI_LAYER_TAR = new MediaType("application/vnd.oci.image.layer.v1.tar");
    public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");

    public static final MediaType HELM_CONFIG = new MediaType("application/vnd.cncf.helm.config.v1+json");
    public static final MediaType HELM_CHART_CONTENT = new MediaType("application/vnd.cncf.helm.chart.content.v1.tar+gzip");
    public static final MediaType HELM_PROVENANCE = new MediaType("application/vnd.cncf.helm.chart.provenance.v1.prov");

    public static final MediaType COSIGN_SIMPLE_SIGNING = new MediaType("application/vnd.dev.cosign.simplesigning.v1+json");
    public static final MediaType IN_TOTO = new MediaType("application/vnd.in-toto+json");
    public static final MediaType DSSE_ENVELOPE = new MediaType("application/vnd.dsse.envelope.v1+json");

    public static final MediaType OCTET_STREAM = new MediaType("application/octet-stream");

    /** All four manifest types, for every manifest GET and HEAD (see REGISTRY-NOTES: content negotiation). */
    public static final String MANIFEST_ACCEPT = String.join(", ",
            OCI_MANIFEST.value, OCI_INDEX.value, DOCKER_MANIFEST_V2.value, DOCKER_MANIFEST_LIST.value);

    public MediaType {
        Objects.requireNonNull(value, "media type");
        int semi = value.indexOf(';');
        if (semi >= 0) {
            value = value.substring(0, semi);
        }
        value = value.trim().toLowerCase(Locale.ROOT);
        if (!GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("media type '" + (value.length() > 80 ? value.substring(0, 80) + "..." : value)
                    + "' is not a valid type/subtype");
        }
    }

    public static MediaType parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("media type must not be null");
        }
        return new MediaType(value);
    }

    public boolean isIndex() {
        return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
    }

    public boolean isManifest() {
        return equals(OCI_MANIFEST) || equals(DOCKER_MANIFEST_V2);
    }

    /** True for any of the four manifest types a registry serves under {@code /manifests/}. */
    public boolean isManifestOrIndex() {
        return isIndex() || isManifest();
    }

    @Override
    public String toString() {
        return value;
    }
}
