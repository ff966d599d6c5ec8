package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.gate.SarifReferrers;
import io.meridian.sync.gate.ScanGate;
import io.meridian.sync.gate.Severity;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan gate on real registries: Trivy-shaped SARIF 2.1.0 reports attached as OCI referrers
 * ({@code artifactType application/sarif+json}) to images in a distribution 2.8 source, which has no referrers API, so
 * they are found through the {@code sha256-<hex>} fallback tag. A critical report blocks, a clean one passes, a
 * missing one follows {@code onMissingReport}; a blocked image's own referrers stay behind with it.
 */
class ScanGateReplicationTest {

    private static final long SEED = 20261203L;
    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(EngineFixture.QUICK);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static byte[] sarif(String name) {
        try (InputStream in = ScanGateReplicationTest.class.getResourceAsStream("/sarif/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code oras attach --artifact-type application/sarif+json <image> trivy.sarif} pushes. */
    private static ManifestBytes attachReport(RegistryClient client, SampleImages images, RepositoryName repo,
                                              ManifestBytes subject, byte[] report, String created) {
        Descriptor empty = images.blob(repo, "{}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_EMPTY);
        Descriptor layer = images.blob(repo, report, SarifReferrers.SARIF);
        Descriptor s = subject.descriptor();
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/sarif+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + empty.digest() + "\",\"size\":2,\"data\":\"e30=\"},\"layers\":[{\"mediaType\":"
                + "\"application/sarif+json\",\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size()
                + ",\"annotations\":{\"org.opencontainers.image.title\":\"trivy.sarif\"}}],\"subject\":{\"mediaType\":\""
                + s.mediaType().value() + "\",\"digest\":\"" + s.digest() + "\",\"size\":" + s.size() + "},"
                + "\"annotations\":{\"org.opencontainers.image.created\":\"" + created + "\"}}";
        ManifestBytes manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, manifest); // by digest; the client adds it to the subject's fallback index
        return manifest;
    }

    private static PlanSpec gated(String policy, String maxSeverity, boolean allowMissing) {
        return new PlanSpec(policy, "gate-src", r -> r.startsWith("team"), t -> true,
                List.of(new DestinationSpec("gate-dst", Optional.empty())), true, List.of(),
                tags -> tags, new ScanGate(Severity.parse(maxSeverity), allowMissing, new SarifReferrers()));
    }

    private static Map<String, Object> task(EngineFixture.Run run, String reference) {
        return run.tasks().stream().filter(t -> reference.equals(t.get("reference"))).findFirst()
                .orElseThrow(() -> new AssertionError("no task for " + reference + " in " + run.tasks()));
    }

    @Test
    void aCriticalReportBlocksACleanOnePassesAndAMissingOneFollowsOnMissingReport() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("gate-src", src.endpoint());
            fixture.registry("gate-dst", dst.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            RegistryClient destination = new RegistryClient(fixture.transport, dst.endpoint());
            SampleImages images = new SampleImages(source, SEED);
            RepositoryName repo = RepositoryName.parse("team/app");
            ManifestBytes critical = images.image(repo, "critical", List.of(images.layer(repo, 3000)));
            ManifestBytes clean = images.image(repo, "clean", List.of(images.layer(repo, 3000)));
            ManifestBytes unscanned = images.image(repo, "unscanned", List.of(images.layer(repo, 3000)));
            ManifestBytes criticalReport = attachReport(source, images, repo, critical,
                    sarif("trivy-critical.sarif.json"), "2026-12-01T10:00:00Z");
            ManifestBytes cleanReport = attachReport(source, images, repo, clean, sarif("trivy-clean.sarif.json"),
                    "2026-12-01T10:00:00Z");
            String criticalFallback = "sha256-" + critical.digest().hex();

            EngineFixture.Run run = fixture.run(gated("gate-high-block", "high", false));

            assertThat(run.status()).as(run.tasks().toString()).isEqualTo("SUCCEEDED");
            Map<String, Object> blocked = task(run, "critical");
            assertThat(blocked.get("state")).isEqualTo("BLOCKED");
            assertThat(blocked.get("error_code")).isEqualTo("BLOCKED");
            assertThat((String) blocked.get("error_message")).isEqualTo("highest severity critical is above maxSeverity"
                    + " high (critical 2, high 1, medium 1, low 0; SARIF referrer " + criticalReport.digest().shortForm() + ")");
            assertThat(task(run, "clean").get("state")).isEqualTo("COPIED");
            assertThat(task(run, "unscanned").get("state")).isEqualTo("BLOCKED");
            assertThat(task(run, "unscanned").get("error_message")).isEqualTo("no vulnerability report (onMissingReport: block)");
            // the critical image's fallback index (its report) follows its subject: blocked too
            assertThat(task(run, criticalFallback).get("state")).isEqualTo("BLOCKED");
            assertThat((String) task(run, criticalFallback).get("error_message"))
                    .startsWith("follows its subject " + critical.digest().shortForm() + ": highest severity critical");

            // at the destination: the clean image with its report; nothing of the blocked ones
            assertThat(destination.headManifest(repo, Reference.tag("clean")).map(Descriptor::digest)).hasValue(clean.digest());
            assertThat(destination.referrers(repo, clean.digest())).extracting(Descriptor::digest)
                    .containsExactly(cleanReport.digest());
            assertThat(destination.headManifest(repo, Reference.tag("critical"))).isEmpty();
            assertThat(destination.headManifest(repo, Reference.tag(criticalFallback))).isEmpty();
            assertThat(destination.headManifest(repo, Reference.digest(criticalReport.digest()))).isEmpty();
            assertThat(destination.headManifest(repo, Reference.tag("unscanned"))).isEmpty();

            // onMissingReport allow: the unscanned image goes; the critical one still does not
            EngineFixture.Run allowing = fixture.run(gated("gate-high-allow", "high", true));
            assertThat(task(allowing, "unscanned").get("state")).isEqualTo("COPIED");
            assertThat(task(allowing, "critical").get("state")).isEqualTo("BLOCKED");
            assertThat(destination.headManifest(repo, Reference.tag("unscanned")).map(Descriptor::digest))
                    .hasValue(unscanned.digest());

            // maxSeverity critical: every scanned image passes
            EngineFixture.Run lenient = fixture.run(gated("gate-critical", "critical", false));
            assertThat(task(lenient, "critical").get("state")).isEqualTo("COPIED");
            assertThat(destination.headManifest(repo, Reference.tag("critical")).map(Descriptor::digest))
                    .hasValue(critical.digest());
        }
    }
}
