package io.meridian.sync.oci;

/**
 * Opens a blob's content at an offset. An upload that loses its connection asks for the rest of the blob from
 * where the destination has it, so a broken push resumes instead of starting over.
 */
@FunctionalInterface
public interface BlobOpener {

    /** A stream of the blob's bytes starting at {@code offset}. */
    java.io.InputStream open(long offset) throws java.io.IOException;
}
