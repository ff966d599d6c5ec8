package io.meridian.sync.oci.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Digest streaming law: chunking never changes the digest, and a wrong blob never yields its last bytes. */
class ChunkStreamTest {

    static final long SEED = Long.getLong("test.seed", System.nanoTime());

    @Test
    void anyChunkingOfTheContentHashesToItsDigest() throws IOException {
        Random r = new Random(SEED);
        for (int i = 0; i < 200; i++) {
            byte[] content = new byte[r.nextInt(50_000)];
            r.nextBytes(content);
            Digest digest = r.nextBoolean() ? Digest.sha256Of(content) : Digest.of("sha512", content);
            InputStream source = new ByteArrayInputStream(content);
            MessageDigest md = digest.newMessageDigest();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            long offset = 0;
            while (offset < content.length) {
                long len = Math.min(1 + r.nextInt(9000), content.length - offset);
                boolean last = offset + len == content.length;
                ChunkStream chunk = new ChunkStream(source, md, len, last ? digest : null, "test");
                chunk.transferTo(sent);
                assertThat(chunk.failure()).as("seed %d", SEED).isNull();
                offset += len;
            }
            assertThat(sent.toByteArray()).as("seed %d", SEED).isEqualTo(content);
        }
    }

    @Test
    void withholdsTheLastBytesOfAWrongBlob() {
        Random r = new Random(SEED);
        for (int i = 0; i < 100; i++) {
            byte[] content = new byte[1 + r.nextInt(20_000)];
            r.nextBytes(content);
            byte[] corrupted = content.clone();
            corrupted[r.nextInt(corrupted.length)] ^= 1;
            Digest digest = Digest.sha256Of(content);
            ChunkStream chunk = new ChunkStream(new ByteArrayInputStream(corrupted), digest.newMessageDigest(),
                    corrupted.length, digest, "push blob");
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            assertThatThrownBy(() -> chunk.transferTo(sent)).as("seed %d", SEED).isInstanceOf(IOException.class);
            assertThat(chunk.failure()).isInstanceOf(DigestMismatchException.class);
            assertThat(sent.size()).as("seed %d", SEED).isLessThan(corrupted.length);
        }
    }

    @Test
    void refusesContentLongerThanDeclared() {
        byte[] content = new byte[100];
        ChunkStream chunk = new ChunkStream(new ByteArrayInputStream(new byte[101]), Digest.sha256Of(content)
                .newMessageDigest(), 100, Digest.sha256Of(content), "push blob");
        assertThatThrownBy(() -> chunk.transferTo(new ByteArrayOutputStream())).isInstanceOf(IOException.class);
        assertThat(chunk.failure().getMessage()).contains("longer than the declared size");
    }
}
