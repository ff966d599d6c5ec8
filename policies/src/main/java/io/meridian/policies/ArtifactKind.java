package io.meridian.policies;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of artifact a policy's {@code artifacts} list selects (all of them when it is absent). How a manifest is
 * classified (media type, {@code artifactType}, config media type, cosign tag suffix) is the engine's business; this
 * is the closed set of names the policy language accepts.
 */
public enum ArtifactKind {
    /** A container image or an index of images. */
    IMAGE,
    /** A Helm chart stored as an OCI artifact (config {@code application/vnd.cncf.helm.config.v1+json}). */
    HELM_CHART,
    /** cosign {@code .sig} tags and signature referrers (cosign, Notary v2, sigstore bundles). */
    SIGNATURE,
    /** cosign {@code .att} tags and in-toto / DSSE referrers. */
    ATTESTATION,
    /** cosign {@code .sbom} tags and SPDX / CycloneDX / Syft referrers. */
    SBOM,
    /** Any other artifact (e.g. a scan report, a WASM module). */
    OTHER;

    /** The names as a policy spells them: image, helm-chart, signature, attestation, sbom, other. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ArtifactKind::jsonName).toList();

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a policy names, or empty for a name that is none of {@link #NAMES}. */
    public static Optional<ArtifactKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName().equals(name)).findFirst();
    }
}
