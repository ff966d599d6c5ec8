package io.meridian.sync.oci;

import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest exactly as the registry served it (or as it will be pushed). The bytes are never re-serialised,
 * so the digest is preserved; the constructor checks that {@code digest} is the digest of {@code bytes}.
 */
public record ManifestBytes(MediaType mediaType, byte[] bytes, Digest digest) {

    public ManifestBytes {
        Objects.requireNonNull(mediaType, "manifest mediaType");
        Objects.requireNonNull(bytes, "manifest bytes");
        Objects.requireNonNull(digest, "manifest digest");
        bytes = bytes.clone();
        Digest actual = Digest.of(digest.algorithm(), bytes);
        if (!actual.equals(digest)) {
            throw new DigestMismatchException("manifest bytes", digest, actual);
        }
    }

    /** Wraps bytes computing their SHA-256 digest. */
    public static ManifestBytes of(MediaType mediaType, byte[] bytes) {
        return new ManifestBytes(mediaType, bytes, Digest.sha256Of(bytes));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** This manifest as a descriptor (for an index entry or a referrer). */
    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    /** Parses the bytes into a {@link Manifest}; throws {@link InvalidManifestException} naming the bad field. */
    public Manifest parse() {
        return ManifestParser.parse(mediaType, bytes, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestBytes other && mediaType.equals(other.mediaType)
                && digest.equals(other.digest) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ManifestBytes[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}
