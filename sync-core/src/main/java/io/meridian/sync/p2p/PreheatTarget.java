package io.meridian.sync.p2p;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One artifact just copied into the region's registry, to be preheated.
 *
 * @param registry   the destination registry's base URL as the engine reaches it
 * @param tag        the tag, empty when the artifact was selected by digest
 * @param mediaType  the manifest's media type
 * @param platforms  the child platforms of an index ("linux/arm64"); empty for a single-platform manifest
 */
public record PreheatTarget(URI registry, RepositoryName repository, Optional<String> tag, Digest digest,
                            String mediaType, List<String> platforms, PullCredential credential) {

    public PreheatTarget {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        tag = tag == null ? Optional.empty() : tag;
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        credential = credential == null ? PullCredential.none() : credential;
    }

    public boolean isIndex() {
        return !platforms.isEmpty();
    }

    /** {@code <registry>/v2/<repo>/manifests/<digest>}: the digest is what was copied, a tag could move meanwhile. */
    public String manifestUrl() {
        String base = registry.toString().replaceAll("/+$", "");
        return base + "/v2/" + repository.value() + "/manifests/" + digest;
    }

    /** {@code host[:port]} of the registry, as image references spell it. */
    public String hostPort() {
        return registry.getRawAuthority();
    }

    @Override
    public String toString() {
        return hostPort() + "/" + repository.value() + tag.map(t -> ":" + t).orElse("") + "@" + digest;
    }
}
