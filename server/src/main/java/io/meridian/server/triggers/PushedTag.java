package io.meridian.server.triggers;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;

/**
 * A manifest pushed under a tag, as a registry notification reports it. Validated on
 * construction (the repository and tag grammars of the distribution spec).
 */
public record PushedTag(String repository, String tag, Digest digest) {

    public PushedTag {
        Objects.requireNonNull(digest, "digest");
        repository = RepositoryName.parse(repository).value();
        tag = Reference.tag(tag).value();
    }
}
