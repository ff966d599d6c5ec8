package io.meridian.bench.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorTest {

    private static final DatasetSpec SMALL = new DatasetSpec("small", 11, 3, 4, 2, 3000, 1500, 2, 2, 1, 2, 700);

    private static List<String> refDigests(Dataset d) {
        return d.refs().stream().map(r -> r.refName() + "@" + r.manifest().digest()).collect(Collectors.toList());
    }

    @Test
    void sameSpecGivesIdenticalDigestsInAnyDirectory(@TempDir Path a, @TempDir Path b) {
        Dataset first = new Generator(SMALL, a).generate();
        Dataset second = new Generator(SMALL, b).generate();
        assertThat(refDigests(second)).isEqualTo(refDigests(first));
        assertThat(second.uniqueBytes()).isEqualTo(first.uniqueBytes());
    }

    @Test
    void anotherSeedGivesOtherBytes(@TempDir Path a, @TempDir Path b) {
        DatasetSpec other = new DatasetSpec("small", 12, 3, 4, 2, 3000, 1500, 2, 2, 1, 2, 700);
        assertThat(refDigests(new Generator(other, b).generate()))
                .doesNotContainAnyElementsOf(refDigests(new Generator(SMALL, a).generate()));
    }

    @Test
    void holdsSharedBaseLayersIndexesSignaturesAndCharts(@TempDir Path dir) {
        Dataset d = new Generator(SMALL, dir).generate();
        // 3 repos × 4 tags + a signature for tags 0 and 2 of each repo + 1 chart repo × 2 versions
        assertThat(d.refs()).hasSize(3 * 4 + 3 * 2 + 2);
        assertThat(d.repositories()).hasSize(4);
        assertThat(d.refs()).filteredOn(r -> r.manifest().mediaType().equals(Generator.OCI_INDEX)).hasSize(3 * 2);
        assertThat(d.refs()).filteredOn(r -> r.tag().matches("sha256-[0-9a-f]{64}\\.sig")).hasSize(6);
        Map<String, Long> layerUse = d.refs().stream().flatMap(r -> {
            java.util.List<Blob> all = new java.util.ArrayList<>();
            Dataset.walk(r.manifest(), m -> all.addAll(m.blobs()));
            return all.stream();
        }).collect(Collectors.groupingBy(Blob::digest, Collectors.counting()));
        assertThat(layerUse.values().stream().filter(n -> n > 10).count()).as("shared base layers").isEqualTo(2);
        assertThat(d.uniqueBlobs().values()).anyMatch(b -> b.mediaType().equals(Generator.HELM_CHART));
    }

    @Test
    void everyBlobFileHashesToItsName(@TempDir Path dir) throws Exception {
        Dataset d = new Generator(SMALL, dir).generate();
        for (Blob b : d.uniqueBlobs().values()) {
            byte[] bytes = Files.readAllBytes(b.pathIn(dir));
            assertThat(bytes).hasSize((int) b.size());
            assertThat(BlobWriter.digestOf(bytes)).isEqualTo(b.digest());
        }
        for (Manifest m : d.uniqueManifests().values()) {
            assertThat(BlobWriter.digestOf(Files.readAllBytes(m.descriptor().pathIn(dir)))).isEqualTo(m.digest());
        }
        String index = Files.readString(dir.resolve("index.json"));
        d.refs().forEach(r -> assertThat(index).contains("\"org.opencontainers.image.ref.name\":\"" + r.refName() + "\""));
    }

    @Test
    void rejectsBadSpecNamingTheField() {
        assertThatThrownBy(() -> new DatasetSpec("x", 1, -1, 1, 1, 1, 1, 0, 0, 0, 0, 1))
                .hasMessageContaining("repos");
        assertThatThrownBy(() -> new DatasetSpec("Bad Name", 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1))
                .hasMessageContaining("name");
    }
}
