package io.meridian.bench.data;

import java.nio.file.Path;

/** One content-addressed blob in the generated OCI layout. */
public record Blob(String digest, long size, String mediaType) {

    public Blob {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("digest must be sha256:<64 hex>: " + digest);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be ≥ 0: " + size);
        }
    }

    public String hex() {
        return digest.substring("sha256:".length());
    }

    /** Where the blob's bytes live inside an OCI image layout. */
    public Path pathIn(Path layout) {
        return layout.resolve("blobs").resolve("sha256").resolve(hex());
    }
}
