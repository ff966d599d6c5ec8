package io.meridian.sync.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/** What a manifest is addressed by: a tag or a digest. */
public sealed interface Reference permits Reference.Tag, Reference.DigestReference {

    /** The form used in the {@code /manifests/<reference>} path. */
    String value();

    static Tag tag(String tag) {
        return new Tag(tag);
    }

    static DigestReference digest(Digest digest) {
        return new DigestReference(digest);
    }

    /** A value containing ':' is a digest, anything else a tag. */
    static Reference parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        return value.indexOf(':') >= 0 ? new DigestReference(Digest.parse(value)) : new Tag(value);
    }

    /** A tag: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
    record Tag(String name) implements Reference {
        private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

        public Tag {
            Objects.requireNonNull(name, "tag");
            if (!GRAMMAR.matcher(name).matches()) {
                throw new IllegalArgumentException("tag '" + (name.length() > 140 ? name.substring(0, 140) + "..." : name)
                        + "' is not valid: 1..128 characters of [a-zA-Z0-9._-], not starting with '.' or '-'");
            }
        }

        @Override
        public String value() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record DigestReference(Digest digest) implements Reference {
        public DigestReference {
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String value() {
            return digest.toString();
        }

        @Override
        public String toString() {
            return digest.toString();
        }
    }
}
