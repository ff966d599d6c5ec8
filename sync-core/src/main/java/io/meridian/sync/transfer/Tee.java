package io.meridian.sync.transfer;

import io.meridian.sync.oci.TransferInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads one stream once and feeds it to N consumers, each running on its own thread with a
 * bounded queue of chunks: memory stays at N × depth × chunk whatever the blob size. A
 * consumer that fails, or closes its pipe to go on alone, is dropped and the others go on; the slowest live
 * consumer sets the pace. An interrupt of the reading thread cancels (interrupts) every consumer and propagates.
 */
final class Tee {

    static final int CHUNK = 256 * 1024;
    static final int DEPTH = 4;

    private Tee() {
    }

    /**
     * Streams {@code source} to every consumer; returns, per consumer, {@code null} on success
     * or the failure. A failure reading the source fails every consumer still running.
     */
    static List<Throwable> fanOut(InputStream source, List<Consumer<InputStream>> consumers, ExecutorService pool) {
        List<Pipe> pipes = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (Consumer<InputStream> consumer : consumers) {
            Pipe pipe = new Pipe();
            pipes.add(pipe);
            futures.add(pool.submit(() -> {
                try (pipe) {
                    consumer.accept(pipe);
                }
            }));
        }
        try {
            IOException sourceFailure = pump(source, pipes, futures);
            if (Thread.currentThread().isInterrupted()) {
                throw TransferInterruptedException.interrupted("reading a blob for " + pipes.size() + " uploads",
                        sourceFailure);
            }
            for (int i = 0; i < pipes.size(); i++) {
                pipes.get(i).offer(sourceFailure == null ? Chunk.END : new Chunk(null, sourceFailure), futures.get(i));
            }
            List<Throwable> results = new ArrayList<>();
            for (Future<?> future : futures) {
                results.add(outcome(future));
            }
            return results;
        } catch (TransferInterruptedException e) {
            // stop means stop: every upload of this blob is interrupted too, none is left running
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
    }

    /** Feeds every live pipe; returns the source's read failure, if any. */
    private static IOException pump(InputStream source, List<Pipe> pipes, List<Future<?>> futures) {
        try {
            while (true) {
                byte[] chunk = source.readNBytes(CHUNK);
                if (chunk.length == 0) {
                    return null;
                }
                boolean anyAlive = false;
                for (int i = 0; i < pipes.size(); i++) {
                    anyAlive |= pipes.get(i).offer(new Chunk(chunk, null), futures.get(i));
                }
                if (!anyAlive) {
                    return null;
                }
            }
        } catch (IOException e) {
            if (TransferInterruptedException.isInterrupt(e)) {
                throw TransferInterruptedException.interrupted("reading a blob for " + pipes.size() + " uploads", e);
            }
            return e;
        }
    }

    private static Throwable outcome(Future<?> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted("waiting for tee'd uploads", e);
        }
    }

    private record Chunk(byte[] data, IOException failure) {
        static final Chunk END = new Chunk(new byte[0], null);
    }

    /** The consumer's side: an InputStream over the queue of chunks. */
    private static final class Pipe extends InputStream {
        private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
        private volatile boolean closed;
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        /** Hands a chunk over unless the consumer has finished or failed; false when it is gone. */
        boolean offer(Chunk chunk, Future<?> consumer) {
            try {
                while (!closed && !consumer.isDone()) {
                    if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= current.length) {
                if (closed) {
                    throw new IOException("this upload left the tee");
                }
                if (ended) {
                    return -1;
                }
                Chunk next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the source");
                }
                if (next.failure() != null) {
                    throw new IOException("reading the source blob failed: " + next.failure().getMessage(),
                            next.failure());
                }
                if (next.data().length == 0) {
                    ended = true;
                    return -1;
                }
                current = next.data();
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
        }
    }
}
