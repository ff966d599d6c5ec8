package io.meridian.bench.data;

import java.util.List;

/**
 * A manifest or index as raw bytes, with what must be pushed before it: its blobs (config + layers) and,
 * for an index, its child manifests.
 */
public record Manifest(Blob descriptor, byte[] bytes, List<Blob> blobs, List<Manifest> children) {

    public Manifest {
        blobs = List.copyOf(blobs);
        children = List.copyOf(children);
    }

    public String digest() {
        return descriptor.digest();
    }

    public String mediaType() {
        return descriptor.mediaType();
    }
}
