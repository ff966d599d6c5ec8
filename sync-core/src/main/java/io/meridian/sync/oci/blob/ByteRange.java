package io.meridian.sync.oci.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inclusive byte range {@code first-last} as in upload {@code Range} headers ({@code 0-1023}, sometimes with a
 * {@code bytes=} prefix) and {@code Content-Range: bytes first-last/total} of 206 responses.
 */
public record ByteRange(long first, long last) {

    private static final Pattern RANGE = Pattern.compile("\\s*(?:bytes[= ])?\\s*(\\d{1,19})-(\\d{1,19})\\s*");
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)\\s*");

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("byte range " + first + "-" + last + " is not valid");
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The value of a chunk's {@code Content-Range} request header: {@code first-last}, no unit (spec). */
    public String toUploadHeader() {
        return first + "-" + last;
    }

    /** Parses an upload-status {@code Range}; empty when the header is absent or malformed. */
    public static Optional<ByteRange> parseRange(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ByteRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A parsed {@code Content-Range} of a 206: the range and the total size (-1 when {@code *}). */
    public record Content(ByteRange range, long total) {
    }

    public static Optional<Content> parseContentRange(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            ByteRange r = new ByteRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            if (total >= 0 && r.last() >= total) {
                return Optional.empty();
            }
            return Optional.of(new Content(r, total));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
