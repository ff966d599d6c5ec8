package io.meridian.sync.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository name per the OCI distribution spec grammar
 * {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*}, at most 255 characters.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        Objects.requireNonNull(value, "repository name");
        if (value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException("repository name must be 1..255 characters, got " + value.length());
        }
        if (!GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("repository name '" + (value.length() > 80 ? value.substring(0, 80) + "..." : value)
                    + "' is not valid: lowercase letters, digits, separators . _ __ - and '/' between path components");
        }
    }

    public static RepositoryName parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("repository name must not be null");
        }
        return new RepositoryName(value);
    }

    /** The last path component, e.g. {@code app} for {@code team/app}. */
    public String lastComponent() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
