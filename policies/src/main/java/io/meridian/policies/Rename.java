package io.meridian.policies;

/**
 * A destination's repository rename: {@code from} (RE2, matched against the whole source repository path) and
 * {@code to}, a replacement where {@code $1}…{@code $9} (or {@code ${name}}) are {@code from}'s groups. Applied to the
 * source path first; the destination's {@code namespace}, when it has one, then prefixes the result. A path
 * {@code from} does not match keeps its name. Examples: strip a prefix ({@code "library/(.*)"} → {@code "$1"}),
 * flatten ({@code "([^/]+)/([^/]+)/(.*)"} → {@code "$1-$2-$3"}).
 */
public record Rename(String from, String to) {
}
