package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The tee that reads a source blob once for several destinations. */
class TeeTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @Test
    void readsTheSourceOnceAndGivesEveryConsumerEveryByte() {
        long seed = 11;
        long size = 5L * 1024 * 1024 + 123;
        GeneratedStream source = new GeneratedStream(seed, size, -1);
        List<String> hashes = new ArrayList<>();
        List<Consumer<InputStream>> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(in -> {
                String hash = sha256(in);
                synchronized (hashes) {
                    hashes.add(hash);
                }
            });
        }
        List<Throwable> results = Tee.fanOut(source, consumers, POOL);

        assertThat(results).containsOnlyNulls();
        assertThat(source.read.get()).as("seed " + seed).isEqualTo(size);
        assertThat(hashes).hasSize(3).containsOnly(sha256(new GeneratedStream(seed, size, -1)));
    }

    @Test
    void dropsAFailingConsumerAndFeedsTheOthers() {
        long size = 3L * 1024 * 1024;
        List<Consumer<InputStream>> consumers = List.of(
                TeeTest::sha256,
                in -> {
                    try {
                        in.readNBytes(1024 * 1024);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("destination refused the upload");
                },
                TeeTest::sha256);
        List<Throwable> results = Tee.fanOut(new GeneratedStream(12, size, -1), consumers, POOL);

        assertThat(results.get(0)).isNull();
        assertThat(results.get(1)).hasMessageContaining("refused");
        assertThat(results.get(2)).isNull();
    }

    @Test
    void failsEveryConsumerWhenTheSourceBreaks() {
        List<Consumer<InputStream>> consumers = List.of(TeeTest::sha256, TeeTest::sha256);
        List<Throwable> results = Tee.fanOut(new GeneratedStream(13, 4L * 1024 * 1024, 2 * 1024 * 1024), consumers,
                POOL);

        assertThat(results).allSatisfy(t -> assertThat(t).hasRootCauseInstanceOf(IOException.class));
    }

    @Test
    void neverRunsMoreThanAFewChunksAheadOfTheSlowestConsumer() {
        long size = 8L * 1024 * 1024;
        GeneratedStream source = new GeneratedStream(14, size, -1);
        long bound = (long) (Tee.DEPTH + 2) * Tee.CHUNK;
        AtomicLong worstLead = new AtomicLong();
        Consumer<InputStream> slow = in -> {
            byte[] buffer = new byte[16 * 1024];
            long consumed = 0;
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    consumed += n;
                    worstLead.accumulateAndGet(source.read.get() - consumed, Math::max);
                    Thread.yield();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        List<Throwable> results = Tee.fanOut(source, List.of(slow, TeeTest::sha256), POOL);

        assertThat(results).containsOnlyNulls();
        assertThat(worstLead.get()).as("bytes buffered ahead of the slowest consumer").isLessThanOrEqualTo(bound);
    }

    private static String sha256(InputStream in) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Seeded pseudo-random bytes made on the fly (never held whole), optionally breaking at an offset. */
    private static final class GeneratedStream extends InputStream {
        final AtomicLong read = new AtomicLong();
        private final Random random;
        private final long size;
        private final long breakAt;

        GeneratedStream(long seed, long size, long breakAt) {
            this.random = new Random(seed);
            this.size = size;
            this.breakAt = breakAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long position = read.get();
            if (breakAt >= 0 && position >= breakAt) {
                throw new IOException("connection reset at " + position);
            }
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            read.addAndGet(n);
            return n;
        }
    }
}
