package io.meridian.sync.oci;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OCI content descriptor: what a manifest says about one piece of content it references. */
public record Descriptor(MediaType mediaType, Digest digest, long size, Optional<Platform> platform,
                         Optional<MediaType> artifactType, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "descriptor.mediaType");
        Objects.requireNonNull(digest, "descriptor.digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor.size must be >= 0, got " + size);
        }
        platform = platform == null ? Optional.empty() : platform;
        artifactType = artifactType == null ? Optional.empty() : artifactType;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(MediaType mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Optional.empty(), Optional.empty(), Map.of());
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, platform, artifactType, newAnnotations);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, Optional.of(p), artifactType, annotations);
    }
}
