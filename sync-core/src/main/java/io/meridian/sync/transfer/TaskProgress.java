package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** Bytes written per destination endpoint; only filled for registries with several endpoints. */
    private final Map<String, AtomicLong> byEndpoint = new ConcurrentHashMap<>();
    private final AtomicInteger failovers = new AtomicInteger();
    private volatile String lastEndpoint;

    /** A blob's bytes went to this destination over {@code endpoint} ({@code <registry>/<endpoint>}). */
    void via(String endpoint, long bytes) {
        byEndpoint.computeIfAbsent(endpoint, k -> new AtomicLong()).addAndGet(bytes);
        lastEndpoint = endpoint;
    }

    /** An attempt moved to another endpoint after the previous one failed. */
    void failover() {
        failovers.incrementAndGet();
    }

    /** Bytes written per endpoint; empty when the destination has a single endpoint (all went over its url). */
    public Map<String, Long> bytesByEndpoint() {
        Map<String, Long> out = new TreeMap<>();
        byEndpoint.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int failovers() {
        return failovers.get();
    }

    /** The endpoint the last blob went over, or null when none was recorded. */
    public String lastEndpoint() {
        return lastEndpoint;
    }

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
