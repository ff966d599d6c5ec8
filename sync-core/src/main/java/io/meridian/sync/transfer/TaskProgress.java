package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one task while it runs; written to the database in one batch per wave. */
public final class TaskProgress {

    /**
     * One blob's fate at this task's destination (becomes a {@code blob_transfers} row and a
     * {@code blob_locations} row); {@code bytes} is what was sent, {@code size} the blob's size.
     */
    public record BlobRecord(Digest digest, BlobMethod method, long bytes, long size) {
    }

    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final ConcurrentLinkedQueue<BlobRecord> blobs = new ConcurrentLinkedQueue<>();
    private volatile Digest rewrittenDigest;

    void blob(Digest digest, BlobMethod method, long size) {
        long sent = method == BlobMethod.COPIED ? size : 0;
        blobs.add(new BlobRecord(digest, method, sent, size));
        bytesWritten.addAndGet(sent);
    }

    void read(long bytes) {
        bytesRead.addAndGet(bytes);
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public List<BlobRecord> blobs() {
        return new ArrayList<>(blobs);
    }

    public long count(BlobMethod method) {
        return blobs.stream().filter(b -> b.method() == method).count();
    }

    /** The index written in place of the source's (platforms.mode rewrite): recorded on the task. */
    void rewritten(Digest digest) {
        rewrittenDigest = digest;
    }

    /** The digest of the rewritten index this task wrote, or null when it copied the source's bytes. */
    public Digest rewrittenDigest() {
        return rewrittenDigest;
    }
}
