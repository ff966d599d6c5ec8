package io.meridian.sync.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An open blob stream from a registry: {@code stream()} yields bytes from {@code offset()} to the end,
 * {@code size()} is the blob's total size. Close it to release the connection.
 */
public final class BlobSource implements AutoCloseable {

    private final Digest digest;
    private final long offset;
    private final long size;
    private final InputStream stream;

    public BlobSource(Digest digest, long offset, long size, InputStream stream) {
        this.digest = Objects.requireNonNull(digest, "digest");
        this.stream = Objects.requireNonNull(stream, "stream");
        if (offset < 0 || size < 0 || offset > size) {
            throw new IllegalArgumentException("blob offset " + offset + " / size " + size + " out of range");
        }
        this.offset = offset;
        this.size = size;
    }

    public Digest digest() {
        return digest;
    }

    /** Where {@link #stream()} starts inside the blob. */
    public long offset() {
        return offset;
    }

    /** The blob's total size in bytes. */
    public long size() {
        return size;
    }

    /** Bytes left to read: {@code size - offset}. */
    public long remaining() {
        return size - offset;
    }

    public InputStream stream() {
        return stream;
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
