package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.ConflictMode;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.select.ArtifactKind;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.select.PlatformFilter;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14's copy rules end to end on real registries (distribution 2.8) and PostgreSQL: {@code artifacts} (what
 * follows a subject and what is planned), {@code platforms} sparse and rewrite on a real multi-arch index,
 * destinations' {@code rename} (including a result that is no repository name) and each {@code onConflict} mode.
 */
class CopyRulesReplicationTest {

    private static final long SEED = 20261203L + 14;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static EngineFixture fixture;
    private static int n;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(new ResilienceSettings(3, Duration.ofMillis(50), Duration.ofMillis(200), 16,
                Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(30), 0));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static PlanSpec spec(String src, List<DestinationSpec> destinations, CopyScope scope, boolean override) {
        return new PlanSpec("rules-" + (++n), src, repo -> repo.startsWith("team"), tag -> true, destinations, override,
                List.of(), tags -> tags, scope);
    }

    private static CopyScope kinds(ArtifactKind... kinds) {
        return new CopyScope(EnumSet.copyOf(List.of(kinds)), Optional.empty());
    }

    /** An SPDX SBOM attached to {@code subject} as an OCI referrer (artifactType application/spdx+json). */
    private static ManifestBytes sbomReferrer(SampleImages images, RegistryClient client, RepositoryName repo,
                                              ManifestBytes subject) {
        Descriptor empty = images.blob(repo, "{}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_EMPTY);
        Descriptor doc = images.blob(repo, "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
                MediaType.parse("application/spdx+json"));
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":\"" + MediaType.OCI_EMPTY
                + "\",\"digest\":\"" + empty.digest() + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/spdx+json\",\"digest\":\"" + doc.digest() + "\",\"size\":" + doc.size() + "}],"
                + "\"subject\":{\"mediaType\":\"" + subject.mediaType() + "\",\"digest\":\"" + subject.digest()
                + "\",\"size\":" + subject.size() + "}}";
        ManifestBytes sbom = ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, sbom);
        return sbom;
    }

    /** A cosign-style attestation of {@code subject} at tag {@code sha256-<hex>.att} (a DSSE envelope layer). */
    private static ManifestBytes attestation(SampleImages images, RegistryClient client, RepositoryName repo,
                                             Digest subject) {
        Descriptor config = images.blob(repo, "{\"att\":1}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_CONFIG);
        Descriptor envelope = images.blob(repo, "{\"payloadType\":\"application/vnd.in-toto+json\"}"
                .getBytes(StandardCharsets.UTF_8), MediaType.DSSE_ENVELOPE);
        return push(client, repo, "sha256-" + subject.hex() + ".att", config, envelope, null);
    }

    /** An artifact of no known kind (a WASM module), tagged {@code tag}. */
    private static ManifestBytes wasm(SampleImages images, RegistryClient client, RepositoryName repo, String tag) {
        Descriptor config = images.blob(repo, "{}".getBytes(StandardCharsets.UTF_8),
                MediaType.parse("application/vnd.wasm.config.v0+json"));
        Descriptor module = images.blob(repo, images.randomBytes(700), MediaType.parse("application/wasm"));
        return push(client, repo, tag, config, module, null);
    }

    private static ManifestBytes push(RegistryClient client, RepositoryName repo, String tag, Descriptor config,
                                      Descriptor layer, String artifactType) {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
                + (artifactType == null ? "" : "\"artifactType\":\"" + artifactType + "\",")
                + "\"config\":{\"mediaType\":\"" + config.mediaType() + "\",\"digest\":\"" + config.digest()
                + "\",\"size\":" + config.size() + "},\"layers\":[{\"mediaType\":\"" + layer.mediaType()
                + "\",\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size() + "}]}";
        ManifestBytes manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
        client.putManifest(repo, Reference.tag(tag), manifest);
        return manifest;
    }

    @Test
    void copiesOnlyTheSelectedArtifactKindsAndFollowersOfThoseKinds() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry onlyImages = LocalRegistry.anonymous();
             LocalRegistry signed = LocalRegistry.anonymous(); LocalRegistry charts = LocalRegistry.anonymous();
             LocalRegistry all = LocalRegistry.anonymous(); LocalRegistry attested = LocalRegistry.anonymous()) {
            fixture.registry("kind-src", src.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            SampleImages images = new SampleImages(source, SEED);
            RepositoryName app = RepositoryName.parse("team/app");
            RepositoryName chart = RepositoryName.parse("team/chart");
            ManifestBytes v1 = images.image(app, "v1", List.of(images.layer(app, 3000)));
            ManifestBytes sig = images.signature(app, v1.digest());
            ManifestBytes sbom = sbomReferrer(images, source, app, v1);
            images.helmChart(chart, "1.0.0");
            ManifestBytes att = attestation(images, source, app, v1.digest());
            wasm(images, source, app, "plugin-1");
            Reference sigTag = Reference.tag("sha256-" + v1.digest().hex() + ".sig");
            Reference attTag = Reference.tag("sha256-" + v1.digest().hex() + ".att");
            Reference plugin = Reference.tag("plugin-1");

            Map<LocalRegistry, CopyScope> cases = Map.of(onlyImages, kinds(ArtifactKind.IMAGE),
                    signed, kinds(ArtifactKind.IMAGE, ArtifactKind.SIGNATURE),
                    charts, kinds(ArtifactKind.HELM_CHART), all, CopyScope.ALL,
                    attested, kinds(ArtifactKind.IMAGE, ArtifactKind.ATTESTATION, ArtifactKind.SBOM, ArtifactKind.OTHER));
            for (var c : cases.entrySet()) {
                String name = "kind-dst-" + c.getKey().hostPort().replace(':', '-');
                fixture.registry(name, c.getKey().endpoint());
                EngineFixture.Run run = fixture.run(spec("kind-src", List.of(new DestinationSpec(name, Optional.empty())),
                        c.getValue(), true));
                assertThat(run.status()).as(run.tasks().toString()).isEqualTo("SUCCEEDED");
            }
            RegistryClient atImages = new RegistryClient(fixture.transport, onlyImages.endpoint());
            assertThat(atImages.headManifest(app, Reference.tag("v1"))).isPresent();
            assertThat(atImages.headManifest(app, sigTag)).as("signature not selected").isEmpty();
            assertThat(atImages.headManifest(app, Reference.digest(sbom.digest()))).as("sbom not selected").isEmpty();
            assertThat(atImages.headManifest(chart, Reference.tag("1.0.0"))).as("chart not selected").isEmpty();
            assertThat(atImages.headManifest(app, attTag)).as("attestation not selected").isEmpty();
            assertThat(atImages.headManifest(app, plugin)).as("other not selected").isEmpty();

            RegistryClient atSigned = new RegistryClient(fixture.transport, signed.endpoint());
            assertThat(atSigned.headManifest(app, sigTag).map(Descriptor::digest)).contains(sig.digest());
            assertThat(atSigned.headManifest(app, Reference.digest(sbom.digest()))).as("sbom not selected").isEmpty();
            assertThat(atSigned.headManifest(chart, Reference.tag("1.0.0"))).isEmpty();
            assertThat(atSigned.headManifest(app, attTag)).as("attestation not selected").isEmpty();

            RegistryClient atAttested = new RegistryClient(fixture.transport, attested.endpoint());
            assertThat(atAttested.headManifest(app, attTag).map(Descriptor::digest)).contains(att.digest());
            assertThat(atAttested.headManifest(app, Reference.digest(sbom.digest()))).isPresent();
            assertThat(atAttested.headManifest(app, plugin)).as("other selected").isPresent();
            assertThat(atAttested.headManifest(app, sigTag)).as("signature not selected").isEmpty();
            assertThat(atAttested.headManifest(chart, Reference.tag("1.0.0"))).isEmpty();

            RegistryClient atCharts = new RegistryClient(fixture.transport, charts.endpoint());
            assertThat(atCharts.headManifest(chart, Reference.tag("1.0.0"))).isPresent();
            assertThat(atCharts.headManifest(app, Reference.tag("v1"))).as("image not selected").isEmpty();

            RegistryClient atAll = new RegistryClient(fixture.transport, all.endpoint());
            assertThat(atAll.headManifest(app, sigTag)).isPresent();
            assertThat(atAll.headManifest(app, Reference.digest(sbom.digest()))).isPresent();
            assertThat(atAll.headManifest(chart, Reference.tag("1.0.0"))).isPresent();
            assertThat(atAll.headManifest(app, attTag)).isPresent();
            assertThat(atAll.headManifest(app, plugin)).isPresent();
        }
    }

    @Test
    void platformsSparseKeepsTheIndexDigestAndDistributionRefusesItWithAbsentChildren() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("sparse-src", src.endpoint());
            fixture.registry("sparse-dst", dst.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            SampleImages images = new SampleImages(source, SEED + 1);
            RepositoryName app = RepositoryName.parse("team/multi");
            ManifestBytes index = images.multiArch(app, "v1", images.layer(app, 5000));
            List<Descriptor> children = ((io.meridian.sync.oci.Manifest.ImageIndex) index.parse()).manifests();
            CopyScope amd64 = new CopyScope(EnumSet.allOf(ArtifactKind.class),
                    Optional.of(new PlatformFilter(Set.of("linux/amd64"), PlatformFilter.Mode.SPARSE)));

            EngineFixture.Run run = fixture.run(spec("sparse-src",
                    List.of(new DestinationSpec("sparse-dst", Optional.empty())), amd64, true));

            // distribution 2.8 checks that an index's children exist: the sparse index is refused, the task says why
            Map<String, Object> task = run.tasks().get(0);
            assertThat(task.get("state")).as(run.tasks().toString()).isEqualTo("FAILED");
            assertThat(task.get("error_code")).isEqualTo("MANIFEST_BLOB_UNKNOWN");
            assertThat((String) task.get("error_message")).contains("platforms sparse", "absent");
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            assertThat(atDst.headManifest(app, Reference.tag("v1"))).as("no tag for an incomplete index").isEmpty();
            assertThat(atDst.headManifest(app, Reference.digest(children.get(0).digest()))).as("amd64 child copied")
                    .isPresent();
            assertThat(atDst.headManifest(app, Reference.digest(children.get(1).digest()))).as("arm64 child not copied")
                    .isEmpty();
        }
    }

    @Test
    void platformsRewriteWritesANewIndexOfTheSelectedChildrenAndRecordsBothDigests() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             LocalRegistry peer = LocalRegistry.anonymous()) {
            fixture.registry("rw-src", src.endpoint());
            fixture.registry("rw-dst", dst.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            SampleImages images = new SampleImages(source, SEED + 2);
            RepositoryName app = RepositoryName.parse("team/multi");
            ManifestBytes index = images.multiArch(app, "v1", images.layer(app, 5000));
            List<Descriptor> children = ((io.meridian.sync.oci.Manifest.ImageIndex) index.parse()).manifests();
            CopyScope arm64 = new CopyScope(EnumSet.allOf(ArtifactKind.class),
                    Optional.of(new PlatformFilter(Set.of("linux/arm64"), PlatformFilter.Mode.REWRITE)));
            PlanSpec spec = spec("rw-src", List.of(new DestinationSpec("rw-dst", Optional.empty())), arm64, true);

            EngineFixture.Run run = fixture.run(spec);

            assertThat(run.status()).as(run.tasks().toString()).isEqualTo("SUCCEEDED");
            Map<String, Object> task = run.tasks().get(0);
            assertThat(task.get("action")).isEqualTo("rewrite");
            assertThat(task.get("digest")).isEqualTo(index.digest().toString());
            String rewritten = (String) task.get("rewritten_digest");
            assertThat(rewritten).isNotNull().isNotEqualTo(index.digest().toString());
            // skopeo, an independent client, reads the tag: the bytes hash to the recorded digest, one arm64 child
            byte[] raw = Skopeo.inspectRaw(dst, "team/multi:v1");
            assertThat(Digest.sha256Of(raw).toString()).isEqualTo(rewritten);
            JsonNode manifests = JSON.readTree(raw).get("manifests");
            assertThat(manifests.size()).isEqualTo(1);
            assertThat(manifests.get(0).get("digest").asString()).isEqualTo(children.get(1).digest().toString());
            assertThat(manifests.get(0).get("platform").get("architecture").asString()).isEqualTo("arm64");
            // and pulls everything it lists (skopeo copy --all fails on any missing child or blob)
            Skopeo.copyAll(dst, "team/multi:v1", peer, "team/multi:v1");
            // a resync compares against the rewritten digest: nothing to do
            EngineFixture.Run again = fixture.run(spec);
            assertThat(again.tasks()).extracting(t -> t.get("state") + "/" + t.get("action"))
                    .containsExactly("SKIPPED/skip");
        }
    }

    @Test
    void renameAppliesBeforeTheNamespaceAndAnInvalidResultFailsTheTaskNamingIt() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("ren-src", src.endpoint());
            fixture.registry("ren-dst", dst.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            SampleImages images = new SampleImages(source, SEED + 3);
            RepositoryName good = RepositoryName.parse("team/library/nginx");
            RepositoryName bad = RepositoryName.parse("team/odd/app");
            ManifestBytes nginx = images.image(good, "1.25", List.of(images.layer(good, 2000)));
            images.image(bad, "v1", List.of(images.layer(bad, 2000)));
            UnaryOperator<String> rename = path -> path.equals("team/library/nginx") ? "nginx"
                    : path.equals("team/odd/app") ? "Odd//App" : path;
            DestinationSpec dest = new DestinationSpec("ren-dst", Optional.of("mirror"), rename, Optional.empty());

            EngineFixture.Run run = fixture.run(spec("ren-src", List.of(dest), CopyScope.ALL, true));

            assertThat(run.status()).isEqualTo("PARTIAL");
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            assertThat(atDst.headManifest(RepositoryName.parse("mirror/nginx"), Reference.tag("1.25"))
                    .map(Descriptor::digest)).contains(nginx.digest());
            Map<String, Object> failed = run.tasks().stream().filter(t -> t.get("state").equals("FAILED")).findFirst()
                    .orElseThrow();
            assertThat(failed.get("error_code")).isEqualTo("NAME_INVALID");
            assertThat((String) failed.get("error_message")).contains("mirror/Odd//App", "team/odd/app");
        }
    }

    @Test
    void eachConflictModeDoesWhatItSays() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry keep = LocalRegistry.anonymous();
             LocalRegistry overwrite = LocalRegistry.anonymous(); LocalRegistry backup = LocalRegistry.anonymous()) {
            fixture.registry("conf-src", src.endpoint());
            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            RepositoryName app = RepositoryName.parse("team/app");
            ManifestBytes incoming = new SampleImages(source, SEED + 4).image(app, "v1",
                    List.of(new SampleImages(source, SEED + 5).layer(app, 2000)));
            Map<LocalRegistry, ManifestBytes> old = new java.util.HashMap<>();
            for (LocalRegistry r : List.of(keep, overwrite, backup)) {
                RegistryClient c = new RegistryClient(fixture.transport, r.endpoint());
                SampleImages there = new SampleImages(c, SEED + 6);
                old.put(r, there.image(app, "v1", List.of(there.layer(app, 1500))));
            }
            fixture.registry("conf-keep", keep.endpoint());
            fixture.registry("conf-over", overwrite.endpoint());
            fixture.registry("conf-backup", backup.endpoint());
            // override false: a destination without onConflict keeps; the others say otherwise
            EngineFixture.Run run = fixture.run(spec("conf-src", List.of(
                    new DestinationSpec("conf-keep", Optional.empty()),
                    new DestinationSpec("conf-over", Optional.empty(), null, Optional.of(ConflictMode.OVERWRITE)),
                    new DestinationSpec("conf-backup", Optional.empty(), null, Optional.of(ConflictMode.BACKUP))),
                    CopyScope.ALL, false));

            assertThat(run.tasks()).extracting(t -> t.get("state") + "/" + t.get("action"))
                    .containsExactly("CONFLICT/conflict", "COPIED/overwrite", "COPIED/backup");
            RegistryClient atKeep = new RegistryClient(fixture.transport, keep.endpoint());
            assertThat(atKeep.headManifest(app, Reference.tag("v1")).map(Descriptor::digest))
                    .contains(old.get(keep).digest());
            RegistryClient atOver = new RegistryClient(fixture.transport, overwrite.endpoint());
            assertThat(atOver.headManifest(app, Reference.tag("v1")).map(Descriptor::digest)).contains(incoming.digest());
            assertThat(atOver.listTags(app)).containsExactly("v1");
            RegistryClient atBackup = new RegistryClient(fixture.transport, backup.endpoint());
            assertThat(atBackup.headManifest(app, Reference.tag("v1")).map(Descriptor::digest))
                    .contains(incoming.digest());
            List<String> tags = atBackup.listTags(app);
            assertThat(tags).hasSize(2).contains("v1");
            String backupTag = tags.stream().filter(t -> !t.equals("v1")).findFirst().orElseThrow();
            assertThat(backupTag).matches("v1-backup-20\\d{12}");
            assertThat(atBackup.headManifest(app, Reference.tag(backupTag)).map(Descriptor::digest))
                    .contains(old.get(backup).digest());
        }
    }
}
