package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Copies a 1 GiB blob between two real registries in a JVM limited to -Xmx128m: memory stays flat. */
class LargeBlobCopyTest {

    static final long SIZE = 1024L * 1024 * 1024;

    @Test
    void copiesOneGibibyteBlobWithA128MebibyteHeap() throws Exception {
        try (LocalRegistry source = LocalRegistry.anonymous(); LocalRegistry destination = LocalRegistry.anonymous()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), LargeBlobCopyMain.class.getName(),
                    source.url(), destination.url(), String.valueOf(SIZE)))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            System.out.println(out);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher digest = Pattern.compile("digest=(sha256:[0-9a-f]{64})").matcher(out);
            assertThat(digest.find()).as(out).isTrue();
            Matcher heap = Pattern.compile("peakHeapMiB=(\\d+)").matcher(out);
            assertThat(heap.find()).isTrue();
            assertThat(Long.parseLong(heap.group(1))).as("peak heap MiB").isLessThan(128);

            RegistryClient client = new RegistryClient(OciTransport.create(), destination.endpoint());
            assertThat(client.headBlob(RepositoryName.parse("big/blob"), Digest.parse(digest.group(1)))).contains(SIZE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
