package io.meridian.sync.oci.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as a blocking {@link InputStream} whose reads give up. The JDK client's request timeout only
 * runs until the response headers arrive; after that {@code BodyHandlers.ofInputStream()} blocks for as long as
 * the server sends nothing, so a source that stalls mid-blob would hang a transfer forever. Here every read waits
 * at most {@code idleTimeout} for the next bytes and, when a {@code deadlineNanos} is set, no later than that
 * (whole-request timeout). On timeout the subscription is cancelled (the connection is dropped, not reused) and the
 * read throws an {@link HttpTimeoutException}, which the client maps to a retryable error.
 * <p>
 * Flow control is one buffer list at a time, like the JDK's own stream: memory stays flat in the body's size.
 */
public final class TimedBody implements HttpResponse.BodySubscriber<InputStream> {

    /** No deadline: only the idle timeout bounds the read (blob downloads, whose length is unbounded). */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final List<ByteBuffer> END = List.of();

    private final Duration idleTimeout;
    private final long deadlineNanos;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Stream stream = new Stream();
    private volatile Flow.Subscription subscription;

    private TimedBody(Duration idleTimeout, long deadlineNanos) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * @param idleTimeout   longest wait for the next bytes of the body
     * @param deadlineNanos {@link System#nanoTime()} value after which reading fails, or {@link #NO_DEADLINE}
     */
    public static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout, long deadlineNanos) {
        return info -> new TimedBody(idleTimeout, deadlineNanos);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (stream.closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    private final class Stream extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current = ByteBuffer.allocate(0);
        private boolean eof;
        private volatile boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return closed || eof ? 0 : current.remaining();
        }

        /** Makes {@code current} non-empty; false at the end of the body. */
        private boolean fill() throws IOException {
            if (closed) {
                throw new IOException("response body already closed");
            }
            while (!current.hasRemaining()) {
                if (eof) {
                    return false;
                }
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                Object next = take();
                if (next == END) {
                    eof = true;
                    return false;
                }
                if (next instanceof Throwable t) {
                    eof = true;
                    throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) next;
                buffers = list.iterator();
                subscription.request(1);
            }
            return true;
        }

        private Object take() throws IOException {
            long idle = idleTimeout.toNanos();
            long wait = deadlineNanos == NO_DEADLINE ? idle : Math.min(idle, deadlineNanos - System.nanoTime());
            Object next;
            try {
                next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                throw new java.io.InterruptedIOException("interrupted while reading the response body");
            }
            if (next == null) {
                abort();
                throw new HttpTimeoutException(wait < idle ? "response body not complete within the request timeout"
                        : "no data received for " + idleTimeout.toMillis() + " ms while reading the response body");
            }
            return next;
        }

        private void abort() {
            eof = true;
            close();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            queue.clear();
            // wakes a read blocked in another thread with an error, never with a silent end of stream
            queue.add(new IOException("response body closed"));
        }
    }
}
