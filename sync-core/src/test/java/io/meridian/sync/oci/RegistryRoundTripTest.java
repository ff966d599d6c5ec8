package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import io.meridian.sync.testing.TestImages;
import io.meridian.sync.testing.TestImages.Image;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Round trips against a real anonymous distribution 2.8.2, checked byte for byte with skopeo. */
class RegistryRoundTripTest {

    static LocalRegistry registry;
    static OciTransport transport;
    static RegistryClient client;
    final TestImages images = new TestImages(42);

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        transport = OciTransport.create();
        client = new RegistryClient(transport, registry.endpoint());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private void assertRoundTrip(RepositoryName repo, String tag, Image image) {
        ManifestBytes byTag = client.getManifest(repo, Reference.tag(tag));
        ManifestBytes byDigest = client.getManifest(repo, Reference.digest(image.digest()));
        assertThat(byTag.bytes()).isEqualTo(image.manifest().bytes());
        assertThat(byDigest.bytes()).isEqualTo(image.manifest().bytes());
        assertThat(byTag.mediaType()).isEqualTo(image.manifest().mediaType());
        assertThat(client.headManifest(repo, Reference.tag(tag))).contains(image.descriptor());
        assertThat(Skopeo.inspectRaw(registry, repo + ":" + tag)).isEqualTo(image.manifest().bytes());
        for (TestImages.Blob b : image.allBlobs()) {
            assertThat(client.headBlob(repo, b.digest())).contains((long) b.content().length);
            try (BlobSource src = client.openBlob(repo, b.digest(), 0)) {
                assertThat(src.size()).isEqualTo(b.content().length);
                assertThat(src.stream().readAllBytes()).isEqualTo(b.content());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void copiesOciImageByteForByte() {
        RepositoryName repo = RepositoryName.parse("team/oci-app");
        Image image = TestImages.push(client, repo, "v1", images.ociImage(3, 10_000));
        assertRoundTrip(repo, "v1", image);
        Manifest.ImageManifest m = (Manifest.ImageManifest) image.manifest().parse();
        assertThat(m.references()).hasSize(4);
    }

    @Test
    void copiesDockerImageByteForByte() {
        RepositoryName repo = RepositoryName.parse("team/docker-app");
        Image image = TestImages.push(client, repo, "1.0", images.dockerImage(2, 5_000));
        assertRoundTrip(repo, "1.0", image);
    }

    @Test
    void copiesMultiArchIndexAndManifestListByteForByte() {
        RepositoryName repo = RepositoryName.parse("team/multi");
        Image index = TestImages.push(client, repo, "oci", images.multiArchIndex("amd64", "arm64", "s390x"));
        Image list = TestImages.push(client, repo, "docker", images.dockerManifestList("amd64", "arm64"));
        assertRoundTrip(repo, "oci", index);
        assertRoundTrip(repo, "docker", list);
        for (Image child : index.children()) {
            assertThat(Skopeo.inspectRaw(registry, repo + "@" + child.digest())).isEqualTo(child.manifest().bytes());
        }
        Manifest parsed = client.getManifest(repo, Reference.tag("oci")).parse();
        assertThat(parsed).isInstanceOf(Manifest.ImageIndex.class);
        assertThat(parsed.references()).extracting(Descriptor::digest)
                .containsExactlyElementsOf(index.children().stream().map(Image::digest).toList());
        assertThat(parsed.references().get(1).platform()).contains(Platform.of("linux", "arm64"));
    }

    @Test
    void skopeoCopiesWhatWePushedAndWeReadWhatSkopeoPushed() {
        RepositoryName repo = RepositoryName.parse("interop/src");
        Image index = TestImages.push(client, repo, "multi", images.multiArchIndex("amd64", "arm64"));
        Skopeo.copyAll(registry, repo + ":multi", registry, "interop/copied:multi");
        RepositoryName copied = RepositoryName.parse("interop/copied");
        assertThat(client.getManifest(copied, Reference.tag("multi")).bytes()).isEqualTo(index.manifest().bytes());
        for (Image child : index.children()) {
            assertThat(client.getManifest(copied, Reference.digest(child.digest())).bytes())
                    .isEqualTo(child.manifest().bytes());
            for (TestImages.Blob b : child.blobs()) {
                assertThat(client.headBlob(copied, b.digest())).contains((long) b.content().length);
            }
        }
    }

    @Test
    void copiesHelmChartAndCosignSignature() {
        RepositoryName repo = RepositoryName.parse("charts/nginx");
        Image chart = TestImages.push(client, repo, "1.2.3_build.4", images.helmChart("nginx", "1.2.3+build.4"));
        assertRoundTrip(repo, "1.2.3_build.4", chart);
        Manifest.ImageManifest parsed = (Manifest.ImageManifest) chart.manifest().parse();
        assertThat(parsed.isHelmChart()).isTrue();
        assertThat(parsed.layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaType.HELM_CHART_CONTENT, MediaType.HELM_PROVENANCE);

        String sigTag = TestImages.cosignTag(chart.digest());
        Image sig = TestImages.push(client, repo, sigTag, images.cosignSignature(chart.descriptor()));
        assertRoundTrip(repo, sigTag, sig);
        assertThat(client.listTags(repo)).containsExactlyInAnyOrder("1.2.3_build.4", sigTag);
        assertThat(CosignTags.forSubject(chart.digest()).get(0)).isEqualTo(Reference.tag(sigTag));

        // an attestation appears beside the signature; there is still no SBOM tag
        String attTag = sigTag.replace(".sig", ".att");
        Image att = TestImages.push(client, repo, attTag, images.ociImage(1, 300));
        assertRoundTrip(repo, attTag, att);
        assertThat(client.listTags(repo)).containsExactlyInAnyOrder("1.2.3_build.4", sigTag, attTag);
        String sbomTag = sigTag.replace(".sig", ".sbom");
        TestImages.push(client, repo, sbomTag, images.ociImage(1, 400));
        assertThat(CosignTags.forSubject(chart.digest()))
                .containsExactly(Reference.tag(sigTag), Reference.tag(attTag), Reference.tag(sbomTag));
        assertThat(client.listTags(repo)).containsExactlyInAnyOrder("1.2.3_build.4", sigTag, attTag, sbomTag);
    }

    @Test
    void maintainsFallbackReferrersTagForArtifactsWithSubject() {
        RepositoryName repo = RepositoryName.parse("team/with-sbom");
        Image app = TestImages.push(client, repo, "v1", images.ociImage(1, 1000));
        assertThat(client.referrers(repo, app.digest())).isEmpty();
        Image sbom = TestImages.push(client, repo, null, images.artifact(app.descriptor(),
                MediaType.parse("application/spdx+json")));
        Image sbom2 = TestImages.push(client, repo, null, images.artifact(app.descriptor(),
                MediaType.parse("application/vnd.example.sbom")));
        List<Descriptor> referrers = client.referrers(repo, app.digest());
        assertThat(referrers).extracting(Descriptor::digest).containsExactly(sbom.digest(), sbom2.digest());
        assertThat(referrers.get(0).artifactType()).contains(MediaType.parse("application/spdx+json"));
        // pushing the same artifact again does not duplicate it
        TestImages.push(client, repo, null, sbom);
        assertThat(client.referrers(repo, app.digest())).hasSize(2);
        String fallback = "sha256-" + app.digest().hex();
        assertThat(Skopeo.inspectRaw(registry, repo + ":" + fallback))
                .isEqualTo(client.getManifest(repo, Reference.tag(fallback)).bytes());
        assertThat(((Manifest.ImageManifest) sbom.manifest().parse()).subject()).contains(app.descriptor());
    }

    @Test
    void mountsBlobAcrossRepositoriesAndReportsFalseWhenSourceLacksIt() {
        RepositoryName a = RepositoryName.parse("mount/a");
        RepositoryName b = RepositoryName.parse("mount/b");
        TestImages.Blob blob = images.randomBlob(MediaType.OCI_LAYER_GZIP, 3000);
        client.pushBlob(a, blob.digest(), blob.content());
        assertThat(client.headBlob(b, blob.digest())).isEmpty();
        assertThat(client.mountBlob(b, blob.digest(), a)).isTrue();
        assertThat(client.headBlob(b, blob.digest())).contains(3000L);
        TestImages.Blob absent = images.randomBlob(MediaType.OCI_LAYER_GZIP, 10);
        assertThat(client.mountBlob(b, absent.digest(), a)).isFalse();
        assertThat(client.headBlob(b, absent.digest())).isEmpty();
    }

    @Test
    void refusesBlobWhoseDigestDiffersAndCommitsNothing() {
        RepositoryName repo = RepositoryName.parse("team/bad");
        byte[] content = new byte[5000];
        Digest claimed = Digest.sha256Of("something else".getBytes());
        assertThatThrownBy(() -> client.pushBlob(repo, claimed, content.length, new ByteArrayInputStream(content)))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(claimed.toString())
                .hasMessageContaining(Digest.sha256Of(content).toString());
        assertThat(client.headBlob(repo, claimed)).isEmpty();
        assertThat(client.headBlob(repo, Digest.sha256Of(content))).isEmpty();
    }

    @Test
    void pushesAndReadsASha512BlobMonolithicAndChunked() throws java.io.IOException {
        RegistryClient chunky = new RegistryClient(transport, registry.endpoint(),
                ClientOptions.defaults().withChunkSize(4096).withMonolithicMax(1024));
        RepositoryName repo = RepositoryName.parse("team/sha512");
        for (int size : new int[] {900, 20_000}) {
            byte[] content = new byte[size];
            new java.util.Random(size).nextBytes(content);
            Digest digest = Digest.of("sha512", content);
            chunky.pushBlob(repo, digest, content.length, new ByteArrayInputStream(content));
            assertThat(chunky.headBlob(repo, digest)).as("%s bytes", size).contains((long) size);
            try (BlobSource src = chunky.openBlob(repo, digest, 0)) {
                assertThat(src.stream().readAllBytes()).isEqualTo(content);
            }
            Digest wrong = Digest.of("sha512", new byte[size]);
            assertThatThrownBy(() -> chunky.pushBlob(repo, wrong, content.length, new ByteArrayInputStream(content)))
                    .isInstanceOf(DigestMismatchException.class).hasMessageContaining(digest.toString());
            assertThat(chunky.headBlob(repo, wrong)).isEmpty();
        }
    }

    @Test
    void refusesChunkedBlobWhoseDigestDiffersAndCommitsNothing() {
        RegistryClient chunky = new RegistryClient(transport, registry.endpoint(),
                ClientOptions.defaults().withChunkSize(4096).withMonolithicMax(1024));
        RepositoryName repo = RepositoryName.parse("team/bad-chunked");
        byte[] content = new byte[20_000];
        new java.util.Random(7).nextBytes(content);
        Digest claimed = Digest.sha256Of(new byte[20_000]);
        assertThatThrownBy(() -> chunky.pushBlob(repo, claimed, content.length, new ByteArrayInputStream(content)))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(chunky.headBlob(repo, claimed)).isEmpty();
        // and the same client pushes the right content in chunks
        chunky.pushBlob(repo, Digest.sha256Of(content), content.length, new ByteArrayInputStream(content));
        assertThat(chunky.headBlob(repo, Digest.sha256Of(content))).contains(20_000L);
    }

    @Test
    void refusesContentShorterThanDeclared() {
        RepositoryName repo = RepositoryName.parse("team/short");
        byte[] content = new byte[100];
        assertThatThrownBy(() -> client.pushBlob(repo, Digest.sha256Of(content), 200, new ByteArrayInputStream(content)))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("before the declared size");
    }

    @Test
    void readsBlobFromOffset() throws Exception {
        RepositoryName repo = RepositoryName.parse("team/range");
        TestImages.Blob blob = images.randomBlob(MediaType.OCI_LAYER_GZIP, 10_000);
        client.pushBlob(repo, blob.digest(), blob.content());
        try (BlobSource src = client.openBlob(repo, blob.digest(), 6_000)) {
            assertThat(src.offset()).isEqualTo(6_000);
            assertThat(src.size()).isEqualTo(10_000);
            InputStream in = src.stream();
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(blob.content(), 6_000, 10_000));
        }
    }

    @Test
    void deletesManifestByDigestAndHeadsEmptyAfterwards() {
        RepositoryName repo = RepositoryName.parse("team/gone");
        Image image = TestImages.push(client, repo, "old", images.ociImage(1, 100));
        client.deleteManifest(repo, image.digest());
        assertThat(client.headManifest(repo, Reference.digest(image.digest()))).isEmpty();
        assertThat(client.headManifest(repo, Reference.tag("old"))).isEmpty();
        assertThatThrownBy(() -> client.getManifest(repo, Reference.tag("old")))
                .isInstanceOf(PermanentRegistryException.class)
                .hasMessageContaining("404").hasMessageContaining("MANIFEST_UNKNOWN").hasMessageContaining("team/gone:old");
    }

    @Test
    void capsManifestSizeWithClearError() {
        RepositoryName repo = RepositoryName.parse("team/big-manifest");
        Image image = TestImages.push(client, repo, "big", images.ociImage(12, 10));
        assertThat(image.manifest().size()).isGreaterThan(1024);
        RegistryClient capped = new RegistryClient(transport, registry.endpoint(),
                ClientOptions.defaults().withMaxManifestBytes(1024));
        assertThatThrownBy(() -> capped.getManifest(repo, Reference.tag("big")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("1024-byte limit").hasMessageContaining("team/big-manifest:big");
    }
}
