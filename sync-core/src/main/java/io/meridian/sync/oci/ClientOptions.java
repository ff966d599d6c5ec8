package io.meridian.sync.oci;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-registry protocol tuning.
 *
 * @param maxManifestBytes largest manifest accepted on GET (the spec suggests registries accept at least 4 MiB)
 * @param chunkSize        PATCH size for chunked uploads (raised to the registry's {@code OCI-Chunk-Min-Length})
 * @param monolithicMax    blobs up to this size go as one PUT after the POST; larger ones in chunks
 * @param catalogPageSize  {@code n} for {@code _catalog} pages (distribution rejects more than 1000)
 * @param maxPages         pagination stops with an error after this many pages (loop guard)
 * @param readIdleTimeout  longest wait for the next bytes of a response body (a blob stream, a manifest, a
 *                         listing); a stalled read then fails with a retryable timeout instead of hanging the
 *                         transfer. The JDK client's own timeouts stop counting once the headers have arrived.
 */
public record ClientOptions(int maxManifestBytes, long chunkSize, long monolithicMax, int catalogPageSize,
                            int maxPages, Duration readIdleTimeout) {

    public static final int DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_READ_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public ClientOptions {
        if (maxManifestBytes < 1024) {
            throw new IllegalArgumentException("maxManifestBytes must be >= 1024, got " + maxManifestBytes);
        }
        if (chunkSize < 1024) {
            throw new IllegalArgumentException("chunkSize must be >= 1024, got " + chunkSize);
        }
        if (monolithicMax < 0) {
            throw new IllegalArgumentException("monolithicMax must be >= 0, got " + monolithicMax);
        }
        if (catalogPageSize < 1 || catalogPageSize > 1000) {
            throw new IllegalArgumentException("catalogPageSize must be 1..1000, got " + catalogPageSize);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1, got " + maxPages);
        }
        Objects.requireNonNull(readIdleTimeout, "readIdleTimeout");
        if (readIdleTimeout.isNegative() || readIdleTimeout.isZero()) {
            throw new IllegalArgumentException("readIdleTimeout must be positive, got " + readIdleTimeout);
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(DEFAULT_MAX_MANIFEST_BYTES, 16L * 1024 * 1024, 16L * 1024 * 1024, 1000, 100_000,
                DEFAULT_READ_IDLE_TIMEOUT);
    }

    public ClientOptions withChunkSize(long size) {
        return new ClientOptions(maxManifestBytes, size, monolithicMax, catalogPageSize, maxPages, readIdleTimeout);
    }

    public ClientOptions withMonolithicMax(long size) {
        return new ClientOptions(maxManifestBytes, chunkSize, size, catalogPageSize, maxPages, readIdleTimeout);
    }

    public ClientOptions withMaxManifestBytes(int size) {
        return new ClientOptions(size, chunkSize, monolithicMax, catalogPageSize, maxPages, readIdleTimeout);
    }

    public ClientOptions withCatalogPageSize(int n) {
        return new ClientOptions(maxManifestBytes, chunkSize, monolithicMax, n, maxPages, readIdleTimeout);
    }

    public ClientOptions withReadIdleTimeout(Duration timeout) {
        return new ClientOptions(maxManifestBytes, chunkSize, monolithicMax, catalogPageSize, maxPages, timeout);
    }
}
