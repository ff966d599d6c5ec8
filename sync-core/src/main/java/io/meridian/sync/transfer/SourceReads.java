package io.meridian.sync.transfer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.regions.paths.PathRule;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.BlobOpener;
import io.meridian.sync.oci.BlobSource;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source side of one blob copy: opens the blob at any offset with a {@code Range} GET (each open one guarded,
 * replayable source attempt) and hands out streams that, when a read breaks or the body ends early, open it again
 * at the offset reached, a bounded number of times. The OCI client's pusher uses it as its {@link BlobOpener}, so a
 * broken upload chunk resumes from the source at the destination's offset too.
 *
 * <p>The first source failure that survives those re-opens is kept ({@link #failure()}): the caller reports it as
 * the source's error, never as the destination's, and every later open fails at once with it.
 */
final class SourceReads implements BlobOpener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceReads.class);
    /** Re-opens of one stream after a broken read, beyond the guarded retries of each open. */
    static final int MAX_REOPENS = 3;

    private final BlobStreams.SourceBlob source;
    private final AttemptTarget.Routes routes;
    private final LongConsumer bytesRead;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile RegistryException failure;
    private volatile Stream current;
    /** When the current stream (from offset 0) handed out its first byte: the upload's body starts then. */
    private volatile long firstReadAt;

    SourceReads(BlobStreams.SourceBlob source, AttemptTarget.Routes routes, LongConsumer bytesRead) {
        this.source = source;
        this.routes = routes;
        this.bytesRead = bytesRead;
    }

    /**
     * {@link System#nanoTime()} when the uploader took the blob's first byte (from offset 0), or 0. From then to the
     * committing request's answer is the body's time plus one round trip: the throughput sample. (The last byte
     * read says little: socket and proxy buffers swallow megabytes before the link has carried them.)
     */
    long firstByteAt() {
        return firstReadAt;
    }

    /** The source's failure, once one survived every re-open; null while the source is healthy. */
    RegistryException failure() {
        return failure;
    }

    /** A stream of the blob from {@code offset}; throws {@link SourceFailure} when the source cannot serve it. */
    @Override
    public InputStream open(long offset) {
        if (failure != null) {
            throw new SourceFailure(failure);
        }
        Stream previous = current;
        if (previous != null) {
            previous.closeQuietly();
        }
        firstReadAt = 0;
        Stream stream = new Stream(offset);
        current = stream;
        return stream;
    }

    /**
     * One guarded source GET on the endpoint the routes choose; when the source registry has several endpoints, a
     * GET that fails (or finds the endpoint's breaker open) is tried on the next one before the source is given up.
     */
    private BlobSource get(long offset) {
        Set<String> failed = new HashSet<>();
        while (true) {
            AttemptTarget at = routes.route(source.registry(), source.repository(), attempts.incrementAndGet(),
                    new Work(1, source.blob().size() - offset), PathRule.ANY, failed);
            try {
                return sizeChecked(at.registry().openBlob(at.repository(), source.blob().digest(), offset));
            } catch (SourceFailure e) {
                throw e;
            } catch (RegistryException | CallNotPermittedException e) {
                if (e instanceof CallNotPermittedException open && source.registry().endpoints().isEmpty()) {
                    throw open; // a single endpoint: as before, the open circuit is the task's error
                }
                failed.add(at.registry().endpoint());
                if (source.registry().endpoints().size() > failed.size()
                        && !(e instanceof RegistryException r && !r.isRetryable())) {
                    LOG.info("get blob {} from endpoint {} failed ({}); trying the next endpoint",
                            source.blob().digest().shortForm(), at.registry().endpointKey(), e.getMessage());
                    continue;
                }
                RegistryException reported = e instanceof RegistryException r ? r
                        : new io.meridian.sync.oci.RetryableRegistryException("get blob " + source.blob().digest()
                                + " from " + at.registry().endpointKey() + " failed: " + e.getMessage(), e);
                failure = reported;
                throw new SourceFailure(reported);
            }
        }
    }

    /**
     * The source announces the blob's length (its {@code Content-Length}, or the total of a {@code Content-Range})
     * before a byte is read: when that is not the size the manifest's descriptor declares, the descriptor lies (or the
     * source serves another blob under the digest). That is refused at once, permanently — never read up to the
     * declared size and hashed, retried as a transient, or read on past it.
     */
    private BlobSource sizeChecked(BlobSource opened) {
        long declared = source.blob().size();
        if (opened.size() == declared) {
            return opened;
        }
        opened.close();
        failure = new PermanentRegistryException("get blob " + source.blob().digest() + " from "
                + source.registry().name() + "/" + source.repository().value() + " refused: the source serves "
                + opened.size() + " bytes, the manifest's descriptor declares " + declared + " bytes",
                -1, OciErrorCode.SIZE_INVALID, null);
        throw new SourceFailure(failure);
    }

    @Override
    public void close() {
        Stream stream = current;
        if (stream != null) {
            stream.closeQuietly();
        }
    }

    /** Reads the blob from an offset to its declared size, re-opening at the position reached when a read breaks. */
    private final class Stream extends InputStream {
        private final long size = source.blob().size();
        private long position;
        private InputStream in;
        private BlobSource open;
        private int reopens;
        private volatile boolean closed;

        Stream(long offset) {
            this.position = offset;
            connect();
        }

        private void connect() {
            open = get(position);
            in = BandwidthLimiter.throttle(open.stream(), source.limiter());
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
            while (true) {
                if (closed) {
                    throw new IOException("source stream closed");
                }
                if (position >= size) {
                    return -1;
                }
                int n;
                try {
                    n = in.read(b, off, (int) Math.min(len, size - position));
                } catch (IOException e) {
                    if (TransferInterruptedException.isInterrupt(e) || Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    reopen(e);
                    continue;
                }
                if (n > 0) {
                    if (position == 0) {
                        firstReadAt = System.nanoTime();
                    }
                    position += n;
                    bytesRead.accept(n);
                    return n;
                }
                reopen(new IOException("body ended at byte " + position + " of " + size));
            }
        }

        /** The read broke: a fresh Range GET from where we are, or the source's failure once the budget is spent. */
        private void reopen(IOException cause) throws IOException {
            closeQuietly();
            closed = false;
            String what = "get blob " + source.blob().digest().shortForm() + " from " + source.registry().name() + "/"
                    + source.repository().value();
            if (++reopens > MAX_REOPENS) {
                failure = new io.meridian.sync.oci.RetryableRegistryException(what + " failed: the stream broke "
                        + reopens + " times, last at byte " + position + ": " + cause.getMessage(), cause);
                throw new IOException(failure.getMessage(), new SourceFailure(failure));
            }
            LOG.info("{}: read broke at byte {} of {} ({}); reading on from there with a Range GET", what, position,
                    size, cause.getMessage());
            try {
                connect();
            } catch (SourceFailure e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        void closeQuietly() {
            closed = true;
            BlobSource s = open;
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // a broken connection is simply dropped
                }
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
