package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OCI referrers (manifests with a {@code subject}) follow their subject, found with the
 * source's referrers API or its fallback tag index (distribution 2.8 has no API), and the
 * destination's fallback index stays consistent: it lists only referrers present there, and
 * referrers the destination already had are kept, never clobbered by the source's index.
 */
class ReferrersReplicationTest {

    private static final long SEED = 20261128L + 77;
    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(new ResilienceSettings(3, Duration.ofMillis(50), Duration.ofMillis(200), 16,
                Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(30), 0));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ManifestBytes referrer(SampleImages images, RepositoryName repo, ManifestBytes subject, String name) {
        Descriptor empty = images.blob(repo, "{}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_EMPTY);
        Descriptor s = subject.descriptor();
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example.sbom\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty.digest() + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty.digest()
                + "\",\"size\":2}],\"subject\":{\"mediaType\":\"" + s.mediaType().value() + "\",\"digest\":\""
                + s.digest() + "\",\"size\":" + s.size() + "},\"annotations\":{\"name\":\"" + name + "\"}}";
        return ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> digests(List<Descriptor> descriptors) {
        return descriptors.stream().map(d -> d.digest().toString()).sorted().toList();
    }

    @Test
    void referrersFollowTheirSubjectAndTheDestinationIndexKeepsItsOwnEntries() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry fresh = LocalRegistry.anonymous();
             LocalRegistry busy = LocalRegistry.anonymous()) {
            fixture.registry("ref-src", src.endpoint());
            fixture.registry("ref-fresh", fresh.endpoint());
            fixture.registry("ref-busy", busy.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            RegistryClient atFresh = new RegistryClient(fixture.transport, fresh.endpoint());
            RegistryClient atBusy = new RegistryClient(fixture.transport, busy.endpoint());
            SampleImages images = new SampleImages(source, SEED);
            RepositoryName repo = RepositoryName.parse("team/app");
            ManifestBytes v1 = images.image(repo, "v1", List.of(images.layer(repo, 4000)));
            ManifestBytes sbom = referrer(images, repo, v1, "sbom-at-source");
            source.putManifest(repo, sbom); // by digest; the client adds it to the source's fallback index
            assertThat(digests(source.referrers(repo, v1.digest()))).containsExactly(sbom.digest().toString());

            // "busy" already holds the subject and a referrer of its own (pushed there directly)
            SampleImages atBusyImages = new SampleImages(atBusy, SEED);
            assertThat(atBusyImages.image(repo, "v1", List.of(atBusyImages.layer(repo, 4000))).digest())
                    .isEqualTo(v1.digest());
            ManifestBytes local = referrer(atBusyImages, repo, v1, "scan-at-destination");
            atBusy.putManifest(repo, local);

            EngineFixture.Run run = fixture.run(EngineFixture.spec("refs", "ref-src",
                    List.of(new DestinationSpec("ref-fresh", Optional.empty()),
                            new DestinationSpec("ref-busy", Optional.empty())), true));

            assertThat(run.status()).as(run.tasks().toString()).isEqualTo("SUCCEEDED");
            // fresh: the referrer is there by digest and the fallback index is the source's, byte for byte
            assertThat(atFresh.headManifest(repo, Reference.digest(sbom.digest()))).isPresent();
            assertThat(digests(atFresh.referrers(repo, v1.digest()))).containsExactly(sbom.digest().toString());
            Reference fallback = Reference.tag("sha256-" + v1.digest().hex());
            assertThat(atFresh.headManifest(repo, fallback).map(Descriptor::digest))
                    .isEqualTo(source.headManifest(repo, fallback).map(Descriptor::digest));
            // busy: both referrers listed; its own was not dropped by the source's index
            assertThat(atBusy.headManifest(repo, Reference.digest(sbom.digest()))).isPresent();
            assertThat(digests(atBusy.referrers(repo, v1.digest())))
                    .containsExactlyInAnyOrderElementsOf(List.of(sbom.digest().toString(), local.digest().toString()));
        }
    }
}
