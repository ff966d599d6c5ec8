package io.meridian.bench.data;

/** A tag in a repository and the manifest (or index) it points to. */
public record TagRef(String repository, String tag, Manifest manifest) {

    public TagRef {
        if (repository == null || !repository.matches("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*")) {
            throw new IllegalArgumentException("repository is not a valid OCI name: " + repository);
        }
        if (tag == null || !tag.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("tag is not a valid OCI tag: " + tag);
        }
    }

    public String refName() {
        return repository + ":" + tag;
    }
}
