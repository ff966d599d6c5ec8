package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** _catalog pagination over 2,500 repositories of a real registry (created cheaply by mounting one blob). */
class CatalogPaginationTest {

    static final int REPOS = 2_500;
    static LocalRegistry registry;
    static RegistryClient client;
    static OciTransport transport;
    static TreeSet<String> expected = new TreeSet<>();

    @BeforeAll
    static void createRepositories() throws Exception {
        registry = LocalRegistry.anonymous();
        transport = OciTransport.create();
        client = new RegistryClient(transport, registry.endpoint());
        RepositoryName seed = RepositoryName.parse("seed/base");
        TestImages.Blob blob = new TestImages(1).randomBlob(MediaType.OCI_LAYER_GZIP, 64);
        client.pushBlob(seed, blob.digest(), blob.content());
        expected.add(seed.value());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> mounts = IntStream.range(0, REPOS - 1).mapToObj(i -> {
                RepositoryName repo = RepositoryName.parse(String.format("team-%02d/app-%04d", i % 37, i));
                synchronized (expected) {
                    expected.add(repo.value());
                }
                return pool.submit(() -> client.mountBlob(repo, blob.digest(), seed));
            }).toList();
            for (Future<Boolean> f : mounts) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listsEveryRepositoryAcrossPagesOfAThousand() {
        List<String> listed = client.catalog().map(RepositoryName::value).toList();
        assertThat(listed).hasSize(REPOS).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(listed)).isEqualTo(expected);
    }

    @Test
    void listsEveryRepositoryAcrossSmallPagesInOrder() {
        RegistryClient small = new RegistryClient(transport, registry.endpoint(),
                ClientOptions.defaults().withCatalogPageSize(97));
        List<String> listed = small.catalog().map(RepositoryName::value).toList();
        assertThat(listed).hasSize(REPOS).isSorted().doesNotHaveDuplicates();
        assertThat(listed).containsExactlyElementsOf(expected);
    }

    @Test
    void streamsLazilySoAConsumerCanStopEarly() {
        assertThat(client.catalog().limit(10).toList()).hasSize(10);
    }
}
