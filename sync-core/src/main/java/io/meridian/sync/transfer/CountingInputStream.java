package io.meridian.sync.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes read and remembers whether reading failed (to tell a source failure apart). */
final class CountingInputStream extends FilterInputStream {

    private final AtomicLong count = new AtomicLong();
    private volatile IOException failure;

    CountingInputStream(InputStream in) {
        super(in);
    }

    long count() {
        return count.get();
    }

    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
