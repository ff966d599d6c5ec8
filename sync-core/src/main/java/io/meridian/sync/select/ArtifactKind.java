package io.meridian.sync.select;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import java.util.List;
import java.util.Optional;

/**
 * What kind of artifact a manifest is, the one place that decides it from what the registry says: a cosign tag's
 * suffix ({@code sha256-<hex>.sig|.att|.sbom}), a manifest's {@code artifactType} or config media type, and, for a
 * cosign manifest that declares neither, its layer media types. The constants mirror the policy language's
 * {@code artifacts} names ({@code io.meridian.policies.ArtifactKind}, kept equal by a test).
 */
public enum ArtifactKind {
    IMAGE, HELM_CHART, SIGNATURE, ATTESTATION, SBOM, OTHER;

    private static final List<String> SIGNATURE_TYPES = List.of(
            "application/vnd.dev.cosign.artifact.sig.v1+json", "application/vnd.dev.cosign.simplesigning.v1+json",
            "application/vnd.cncf.notary.signature", "application/vnd.dev.sigstore.bundle.v0.3+json",
            "application/vnd.dev.sigstore.bundle+json");
    private static final List<String> ATTESTATION_TYPES = List.of(
            "application/vnd.in-toto+json", "application/vnd.dsse.envelope.v1+json",
            "application/vnd.dev.cosign.attestation.v1+json");
    private static final List<String> SBOM_TYPES = List.of(
            "application/spdx+json", "text/spdx", "application/spdx+xml", "application/vnd.cyclonedx+json",
            "application/vnd.cyclonedx+xml", "application/vnd.cyclonedx", "application/vnd.syft+json",
            "application/vnd.dev.cosign.artifact.sbom.v1+json");

    /** The kind a cosign tag names by its suffix; empty for any other tag (its manifest must say). */
    public static Optional<ArtifactKind> ofTag(Reference reference) {
        if (!(reference instanceof Reference.Tag tag) || !tag.value().startsWith("sha256-")) {
            return Optional.empty();
        }
        String t = tag.value();
        return t.endsWith(".sig") ? Optional.of(SIGNATURE) : t.endsWith(".att") ? Optional.of(ATTESTATION)
                : t.endsWith(".sbom") ? Optional.of(SBOM) : Optional.empty();
    }

    /** The kind an artifact type (a referrer's {@code artifactType}, a config media type) names, if it names one. */
    public static Optional<ArtifactKind> ofType(MediaType type) {
        String t = type.value();
        if (type.equals(MediaType.HELM_CONFIG)) {
            return Optional.of(HELM_CHART);
        }
        if (SIGNATURE_TYPES.contains(t)) {
            return Optional.of(SIGNATURE);
        }
        if (ATTESTATION_TYPES.contains(t) || t.startsWith("application/vnd.in-toto.")) {
            return Optional.of(ATTESTATION);
        }
        if (SBOM_TYPES.contains(t) || t.startsWith("application/vnd.cyclonedx") || t.startsWith("application/spdx")) {
            return Optional.of(SBOM);
        }
        if (type.equals(MediaType.OCI_CONFIG) || type.equals(MediaType.DOCKER_CONFIG) || type.isManifestOrIndex()) {
            return Optional.of(IMAGE);
        }
        return Optional.empty();
    }

    /** A referrer as its referrers list (or fallback index) describes it: by {@code artifactType}, else OTHER. */
    public static ArtifactKind of(Descriptor referrer) {
        return referrer.artifactType().flatMap(ArtifactKind::ofType).orElse(OTHER);
    }

    /**
     * A manifest: its {@code artifactType}, else (image manifests) the config media type; an image-config manifest
     * whose layers are cosign signatures, in-toto statements or SBOM documents is that kind (cosign writes its
     * {@code .sig}/{@code .att}/{@code .sbom} manifests so). An index without an {@code artifactType} is an image.
     */
    public static ArtifactKind of(Manifest manifest) {
        Optional<ArtifactKind> declared = manifest.artifactType().flatMap(ArtifactKind::ofType);
        if (manifest.artifactType().isPresent()) {
            return declared.orElse(OTHER);
        }
        if (manifest instanceof Manifest.ImageIndex) {
            return IMAGE;
        }
        Manifest.ImageManifest image = (Manifest.ImageManifest) manifest;
        ArtifactKind byConfig = ofType(image.config().mediaType()).orElse(OTHER);
        if (byConfig != IMAGE) {
            return byConfig;
        }
        for (Descriptor layer : image.layers()) {
            Optional<ArtifactKind> byLayer = ofType(layer.mediaType()).filter(k -> k != IMAGE && k != HELM_CHART);
            if (byLayer.isPresent()) {
                return byLayer.get();
            }
        }
        return IMAGE;
    }
}
