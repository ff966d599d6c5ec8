package io.meridian.sync.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class IndexYamlTest {

    private static final String HELM_WRITTEN = """
            apiVersion: v1
            entries:
              alpine:
                - created: 2016-10-06T16:23:20.499814565-06:00
                  description: Deploy a basic Alpine Linux pod
                  digest: 99c76e403d752c84ead610644d4b1c2f2b453a74b921f422b9dcb8a7c8b559cd
                  home: https://helm.sh/helm
                  name: alpine
                  sources:
                    - https://github.com/helm/helm
                  urls:
                    - https://technosophos.github.io/tscharts/alpine-0.2.0.tgz
                  version: 0.2.0
                  appVersion: 1.10
                - created: 2016-10-06T16:23:20.499543808-06:00
                  description: Deploy a basic Alpine Linux pod
                  digest: 515c58e5f79d8b2913a10cb400ebb6fa9c77fe813287afbacf1a0b897cd78727
                  name: alpine
                  urls:
                    - alpine-0.1.0.tgz
                  version: 0.1.0
                  x-custom: {kept: true}
            generated: 2016-10-06T16:23:20.499029981-06:00
            serverInfo: {}
            """;

    @Test
    void readsHelmsIndexKeepingEveryChartField() {
        IndexFile index = IndexYaml.parse(HELM_WRITTEN.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(index.generated()).contains("2016-10-06T16:23:20.499029981-06:00");
        assertThat(index.versions("alpine")).extracting(ChartVersion::version).containsExactly("0.2.0", "0.1.0");
        ChartVersion newest = index.find("alpine", "0.2.0").orElseThrow();
        assertThat(newest.digest()).contains(ChartDigest.parse("99c76e403d752c84ead610644d4b1c2f2b453a74b921f422b9dcb8a7c8b559cd"));
        assertThat(newest.urls()).containsExactly("https://technosophos.github.io/tscharts/alpine-0.2.0.tgz");
        assertThat(newest.text("appVersion")).as("a YAML float must keep its text").isEqualTo("1.10");
        assertThat(index.find("alpine", "0.1.0").orElseThrow().toNode().get("x-custom").get("kept").asBoolean()).isTrue();
    }

    @Test
    void writesHelmsSchemaAndReadsBackEqual() {
        IndexFile index = IndexYaml.parse(HELM_WRITTEN.getBytes(StandardCharsets.UTF_8), "test")
                .generatedAt(Instant.parse("2026-01-02T03:04:05.123456789Z"));
        byte[] written = IndexYaml.write(index);
        JsonNode tree = YAMLMapper.builder().build().readTree(written);
        assertThat(tree.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(tree.get("generated").asString()).isEqualTo("2026-01-02T03:04:05.123456789Z");
        JsonNode v = tree.get("entries").get("alpine").get(0);
        assertThat(v.get("version").asString()).isEqualTo("0.2.0");
        assertThat(v.get("appVersion").isString()).as("written quoted so YAML keeps it a string").isTrue();
        assertThat(v.get("appVersion").asString()).isEqualTo("1.10");
        assertThat(v.get("urls").isArray()).isTrue();
        assertThat(v.get("digest").asString()).hasSize(64);
        assertThat(v.get("created").asString()).startsWith("2016-10-06T16:23:20");
        assertThat(IndexYaml.parse(written, "again")).isEqualTo(index);
    }

    @Test
    void mergeReplacesTheSameVersionAndKeepsNewestFirst() {
        IndexFile index = IndexYaml.parse(HELM_WRITTEN.getBytes(StandardCharsets.UTF_8), "test");
        ChartVersion v010 = index.find("alpine", "0.1.0").orElseThrow();
        ChartDigest other = TestCharts.sha256("x".getBytes(StandardCharsets.UTF_8));
        ChartVersion moved = v010.at(List.of("elsewhere/alpine-0.1.0.tgz"), Instant.EPOCH, other);
        ChartVersion v1 = ChartVersion.of(YAMLMapper.builder().build().readTree("name: alpine\nversion: 1.0.0-rc.1\n"), "t");
        IndexFile merged = index.withAll(List.of(moved, v1));
        assertThat(merged.versions("alpine")).extracting(ChartVersion::version).containsExactly("1.0.0-rc.1", "0.2.0", "0.1.0");
        assertThat(merged.find("alpine", "0.1.0").orElseThrow().digest()).contains(other);
        assertThat(merged.find("alpine", "0.1.0").orElseThrow().urls()).containsExactly("elsewhere/alpine-0.1.0.tgz");
    }

    @Test
    void versionsAreNewestFirstWhateverTheirOrderInTheFile() {
        List<String> newestFirst = List.of("10.0.0", "2.1.0", "2.1.0-rc.2", "2.1.0-rc.10", "2.1.0-beta", "2.0.1", "v2.0.0",
                "1.10.0", "1.9.3", "1.2", "1.0.0", "0.0.1");
        // semver: rc.10 > rc.2 numerically; check the comparator agrees with the spec before using it as the oracle
        List<String> expected = new ArrayList<>(newestFirst);
        Collections.swap(expected, 2, 3);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<String> shuffled = new ArrayList<>(newestFirst);
            Collections.shuffle(shuffled, random);
            StringBuilder yaml = new StringBuilder("apiVersion: v1\nentries:\n  app:\n");
            shuffled.forEach(v -> yaml.append("    - name: app\n      version: ").append(v).append('\n'));
            IndexFile index = IndexYaml.parse(yaml.toString().getBytes(StandardCharsets.UTF_8), "shuffled");
            assertThat(index.versions("app")).as("seed %d, input %s", seed, shuffled)
                    .extracting(ChartVersion::version).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void namesTheOffendingField() {
        assertThatThrownBy(() -> IndexYaml.parse("apiVersion: v2\nentries: {}\n".getBytes(StandardCharsets.UTF_8), "idx"))
                .hasMessageContaining("apiVersion must be \"v1\"");
        assertThatThrownBy(() -> IndexYaml.parse("apiVersion: v1\nentries:\n  a:\n    - name: a\n".getBytes(StandardCharsets.UTF_8), "idx"))
                .hasMessageContaining("entries.a[0].version");
        assertThatThrownBy(() -> IndexYaml.parse("apiVersion: v1\nentries:\n  a:\n    - {name: a, version: 1.0.0, digest: abc}\n"
                .getBytes(StandardCharsets.UTF_8), "idx")).hasMessageContaining("entries.a[0].digest");
        assertThatThrownBy(() -> IndexYaml.parse("apiVersion: v1\nentries:\n  a:\n    - {name: b, version: 1.0.0}\n"
                .getBytes(StandardCharsets.UTF_8), "idx")).hasMessageContaining("entries.a lists a version of chart \"b\"");
        assertThatThrownBy(() -> IndexYaml.parse("apiVersion: v1\nentries:\n  a:\n    - {name: a, version: 1.0.0}\n    - {name: a, version: 1.0.0}\n"
                .getBytes(StandardCharsets.UTF_8), "idx")).hasMessageContaining("version 1.0.0 twice");
        assertThatThrownBy(() -> IndexYaml.parse("- not a mapping\n".getBytes(StandardCharsets.UTF_8), "idx"))
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void emptyEntriesAreAnEmptyIndex() {
        assertThat(IndexYaml.parse("apiVersion: v1\nentries: {}\n".getBytes(StandardCharsets.UTF_8), "e").entries()).isEqualTo(Map.of());
        assertThat(IndexYaml.parse("apiVersion: v1\n".getBytes(StandardCharsets.UTF_8), "e").all()).isEmpty();
    }
}
