package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values validate on the way in; seeded-random property checks print their seed on failure. */
class ValueTypesTest {

    static final long SEED = Long.getLong("test.seed", System.nanoTime());

    @Test
    void digestRoundTripsThroughItsCanonicalForm() {
        Random r = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[r.nextInt(300)];
            r.nextBytes(data);
            Digest d = r.nextBoolean() ? Digest.sha256Of(data) : Digest.of("sha512", data);
            assertThat(Digest.parse(d.toString())).as("seed %d", SEED).isEqualTo(d);
            assertThat(d.hex()).hasSize(d.algorithm().equals("sha256") ? 64 : 128);
        }
    }

    @Test
    void digestRejectsAnyCorruptedHex() {
        Random r = new Random(SEED);
        String bad = "GZ:/+ Ä-";
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[32];
            r.nextBytes(data);
            char[] hex = HexFormat.of().formatHex(data).toCharArray();
            hex[r.nextInt(hex.length)] = bad.charAt(r.nextInt(bad.length()));
            String value = "sha256:" + new String(hex);
            assertThatThrownBy(() -> Digest.parse(value)).as("seed %d: %s", SEED, value)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", "md5:d41d8cd98f00b204e9800998ecf8427e", "SHA256:" + "a",
            "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"})
    void digestRejectsMalformedValues(String value) {
        assertThatThrownBy(() -> Digest.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digest");
    }

    @Test
    void repositoryNamesFollowTheGrammar() {
        Random r = new Random(SEED);
        String alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
        String[] seps = {".", "_", "__", "-", "--"};
        for (int i = 0; i < 500; i++) {
            StringBuilder name = new StringBuilder();
            int components = 1 + r.nextInt(4);
            for (int c = 0; c < components; c++) {
                if (c > 0) {
                    name.append('/');
                }
                int parts = 1 + r.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    if (p > 0) {
                        name.append(seps[r.nextInt(seps.length)]);
                    }
                    for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
                        name.append(alnum.charAt(r.nextInt(alnum.length())));
                    }
                }
            }
            assertThat(RepositoryName.parse(name.toString()).value()).as("seed %d", SEED).isEqualTo(name.toString());
            String broken = switch (r.nextInt(5)) {
                case 0 -> name + "/";
                case 1 -> "/" + name;
                case 2 -> name.toString().toUpperCase() + "X";
                case 3 -> name + "//x";
                default -> name + "-";
            };
            assertThatThrownBy(() -> RepositoryName.parse(broken)).as("seed %d: %s", SEED, broken)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repository name");
        }
        assertThatThrownBy(() -> RepositoryName.parse("a".repeat(256))).hasMessageContaining("1..255");
        assertThat(RepositoryName.parse("team/app").lastComponent()).isEqualTo("app");
    }

    @Test
    void referencesDistinguishTagsFromDigests() {
        Digest d = Digest.sha256Of(new byte[] {1});
        assertThat(Reference.parse("v1.2_3-rc")).isEqualTo(Reference.tag("v1.2_3-rc"));
        assertThat(Reference.parse(d.toString())).isEqualTo(Reference.digest(d));
        assertThat(Reference.tag("a".repeat(128)).value()).hasSize(128);
        for (String bad : new String[] {"", ".hidden", "-x", "a".repeat(129), "v1+build", "ä"}) {
            assertThatThrownBy(() -> Reference.tag(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tag");
        }
    }

    @Test
    void mediaTypesDropParametersAndClassifyManifests() {
        MediaType t = MediaType.parse("Application/VND.OCI.image.manifest.v1+json; charset=utf-8");
        assertThat(t).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(t.isManifest()).isTrue();
        assertThat(MediaType.DOCKER_MANIFEST_LIST.isIndex()).isTrue();
        assertThat(MediaType.HELM_CONFIG.isManifestOrIndex()).isFalse();
        assertThatThrownBy(() -> MediaType.parse("not a type")).hasMessageContaining("media type");
    }

    @Test
    void credentialsAndEndpointsValidateAndRedact() {
        assertThat(Credentials.basic("u", "hunter2").toString()).doesNotContain("hunter2");
        Credentials ecr = new Credentials.AwsEcr("eu-west-1", java.util.Optional.of("AKIAEXAMPLE"),
                java.util.Optional.of("wJalrXUtnFEMI"), java.util.Optional.empty());
        assertThat(ecr.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("wJalrXUtnFEMI");
        assertThatThrownBy(() -> RegistryEndpoint.https("http://x:5000", Credentials.anonymous()))
                .hasMessageContaining("insecure");
        assertThatThrownBy(() -> RegistryEndpoint.https("ftp://x", Credentials.anonymous()))
                .hasMessageContaining("registry.baseUrl");
        assertThat(RegistryEndpoint.insecure("http://127.0.0.1:5000/", Credentials.anonymous()).baseUrl())
                .hasToString("http://127.0.0.1:5000");
        assertThatThrownBy(() -> new ClientOptions(1, 1, 1, 1, 1, Duration.ofSeconds(1))).hasMessageContaining("maxManifestBytes");
        assertThatThrownBy(() -> ClientOptions.defaults().withCatalogPageSize(1001)).hasMessageContaining("catalogPageSize");
    }

    @Test
    void manifestBytesRefuseAWrongDigest() {
        assertThatThrownBy(() -> new ManifestBytes(MediaType.OCI_MANIFEST, "{}".getBytes(), Digest.sha256Of(new byte[0])))
                .isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void manifestParserNamesTheOffendingField() {
        String ok = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + "a".repeat(64) + "\",\"size\":2},\"layers\":[%s]}";
        String layer = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:"
                + "b".repeat(64) + "\",\"size\":3}";
        assertThat(parse(String.format(ok, layer + "," + layer)).references()).hasSize(3);
        assertThatThrownBy(() -> parse(String.format(ok, layer + "," + layer.replace("sha256:b", "sha256:X"))))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("layers[1].digest");
        assertThatThrownBy(() -> parse(String.format(ok, layer.replace("\"size\":3", "\"size\":-1"))))
                .hasMessageContaining("layers[0].size");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":1}")).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> parse("[1,2")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"layers\":[]}")).hasMessageContaining("'config'");
        assertThatThrownBy(() -> ManifestBytes.of(MediaType.OCI_INDEX, String.format(ok, "").getBytes()).parse())
                .hasMessageContaining("mediaType");
    }

    private static Manifest parse(String json) {
        return ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes()).parse();
    }

    @Test
    void namesTheCosignTagsOfASubjectThatCanHaveThem() {
        String hex256 = "ab".repeat(32);
        String hex512 = "cd".repeat(64);
        assertThat(CosignTags.forSubject(Digest.parse("sha256:" + hex256))).extracting(Reference.Tag::value)
                .containsExactly("sha256-" + hex256 + ".sig", "sha256-" + hex256 + ".att", "sha256-" + hex256 + ".sbom");
        assertThat(CosignTags.forSubject(Digest.parse("sha512:" + hex512)))
                .as("sha512-<128 hex>.sig is longer than a tag may be: no such tag can exist").isEmpty();
    }
}
