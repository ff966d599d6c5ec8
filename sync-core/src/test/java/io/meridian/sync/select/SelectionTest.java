package io.meridian.sync.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Artifact kinds and platform filters, as the planner and the copier both use them. */
class SelectionTest {

    private static final Digest D = Digest.sha256Of("x".getBytes(StandardCharsets.UTF_8));

    @Test
    void theEngineKnowsExactlyTheKindsThePolicyLanguageNames() {
        assertThat(Arrays.stream(ArtifactKind.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(io.meridian.policies.ArtifactKind.values()).map(Enum::name).toList());
    }

    @Test
    void classifiesByCosignTagArtifactTypeConfigAndCosignLayers() {
        assertThat(ArtifactKind.ofTag(Reference.tag("sha256-" + D.hex() + ".sig"))).contains(ArtifactKind.SIGNATURE);
        assertThat(ArtifactKind.ofTag(Reference.tag("sha256-" + D.hex() + ".att"))).contains(ArtifactKind.ATTESTATION);
        assertThat(ArtifactKind.ofTag(Reference.tag("sha256-" + D.hex() + ".sbom"))).contains(ArtifactKind.SBOM);
        assertThat(ArtifactKind.ofTag(Reference.tag("v1.sig"))).isEmpty();
        assertThat(ArtifactKind.of(image(MediaType.OCI_CONFIG, null, MediaType.OCI_LAYER_GZIP))).isEqualTo(ArtifactKind.IMAGE);
        assertThat(ArtifactKind.of(image(MediaType.DOCKER_CONFIG, null, MediaType.DOCKER_LAYER_GZIP)))
                .isEqualTo(ArtifactKind.IMAGE);
        assertThat(ArtifactKind.of(image(MediaType.HELM_CONFIG, null, MediaType.HELM_CHART_CONTENT)))
                .isEqualTo(ArtifactKind.HELM_CHART);
        assertThat(ArtifactKind.of(image(MediaType.OCI_CONFIG, null, MediaType.COSIGN_SIMPLE_SIGNING)))
                .as("cosign .sig manifest").isEqualTo(ArtifactKind.SIGNATURE);
        assertThat(ArtifactKind.of(image(MediaType.OCI_CONFIG, null, MediaType.DSSE_ENVELOPE)))
                .as("cosign .att manifest").isEqualTo(ArtifactKind.ATTESTATION);
        assertThat(ArtifactKind.of(image(MediaType.OCI_EMPTY, "application/spdx+json", MediaType.parse("application/spdx+json"))))
                .isEqualTo(ArtifactKind.SBOM);
        assertThat(ArtifactKind.of(image(MediaType.OCI_EMPTY, "application/vnd.cyclonedx+json", MediaType.OCI_EMPTY)))
                .isEqualTo(ArtifactKind.SBOM);
        assertThat(ArtifactKind.of(image(MediaType.OCI_EMPTY, "application/vnd.in-toto+json", MediaType.OCI_EMPTY)))
                .isEqualTo(ArtifactKind.ATTESTATION);
        assertThat(ArtifactKind.of(image(MediaType.OCI_EMPTY, "application/vnd.cncf.notary.signature", MediaType.OCI_EMPTY)))
                .isEqualTo(ArtifactKind.SIGNATURE);
        assertThat(ArtifactKind.of(image(MediaType.OCI_EMPTY, "application/sarif+json", MediaType.OCI_EMPTY)))
                .isEqualTo(ArtifactKind.OTHER);
        assertThat(ArtifactKind.of(image(MediaType.parse("application/vnd.wasm.config.v0+json"), null, MediaType.OCI_EMPTY)))
                .isEqualTo(ArtifactKind.OTHER);
        Descriptor referrer = new Descriptor(MediaType.OCI_MANIFEST, D, 10, Optional.empty(),
                Optional.of(MediaType.parse("application/vnd.dev.sigstore.bundle.v0.3+json")), null);
        assertThat(ArtifactKind.of(referrer)).isEqualTo(ArtifactKind.SIGNATURE);
        assertThat(ArtifactKind.of(new Descriptor(MediaType.OCI_MANIFEST, D, 10))).isEqualTo(ArtifactKind.OTHER);
    }

    @Test
    void lawRewriteListsExactlyTheSelectedChildrenInOrderAndIsDeterministic() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<String> platforms = List.of("linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7", "linux/s390x",
                "windows/amd64");
        for (int round = 0; round < 200; round++) {
            List<String> children = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                children.add(platforms.get(random.nextInt(platforms.size())));
            }
            Set<String> include = new java.util.HashSet<>(List.of(platforms.get(random.nextInt(platforms.size())),
                    platforms.get(random.nextInt(platforms.size()))));
            PlatformFilter filter = new PlatformFilter(include, PlatformFilter.Mode.REWRITE);
            ManifestBytes index = index(children, random);
            ManifestBytes rewritten = filter.rewrite(index);
            Manifest.ImageIndex before = (Manifest.ImageIndex) index.parse();
            Manifest.ImageIndex after = (Manifest.ImageIndex) rewritten.parse();
            String why = "seed " + seed + ", children " + children + ", include " + include;
            assertThat(after.manifests()).as(why).containsExactlyElementsOf(
                    before.manifests().stream().filter(filter::selects).toList());
            assertThat(filter.rewrite(index).digest()).as(why).isEqualTo(rewritten.digest());
            assertThat(rewritten.digest().equals(index.digest())).as(why).isEqualTo(filter.selectsAll(before));
            assertThat(after.annotations()).as(why).isEqualTo(before.annotations());
            for (Descriptor child : after.manifests()) {
                String p = child.platform().orElseThrow().toString();
                String osArch = p.split("/")[0] + "/" + p.split("/")[1];
                assertThat(include.contains(p) || include.contains(osArch)).as(why + ", kept " + p).isTrue();
            }
        }
    }

    private static ManifestBytes index(List<String> platforms, Random random) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX
                + "\",\"manifests\":[");
        for (int i = 0; i < platforms.size(); i++) {
            String[] p = platforms.get(i).split("/");
            byte[] bytes = new byte[8];
            random.nextBytes(bytes);
            json.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaType.OCI_MANIFEST)
                    .append("\",\"digest\":\"").append(Digest.sha256Of(bytes)).append("\",\"size\":").append(100 + i)
                    .append(",\"platform\":{\"os\":\"").append(p[0]).append("\",\"architecture\":\"").append(p[1])
                    .append(p.length > 2 ? "\",\"variant\":\"" + p[2] : "").append("\"}}");
        }
        json.append("],\"annotations\":{\"org.opencontainers.image.created\":\"2026-12-03\"}}");
        return ManifestBytes.of(MediaType.OCI_INDEX, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Manifest image(MediaType config, String artifactType, MediaType layer) {
        return new Manifest.ImageManifest(MediaType.OCI_MANIFEST, new Descriptor(config, D, 2),
                List.of(new Descriptor(layer, D, 3)), Optional.ofNullable(artifactType).map(MediaType::parse),
                Optional.empty(), null);
    }
}
