package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.internal.RegistryHttp;
import io.meridian.sync.oci.manifest.ManifestHead;
import java.util.ArrayList;
import java.util.List;

/**
 * Cosign's tag convention for what it attaches to an image: {@code sha256-<hex>.sig} (signatures),
 * {@code .att} (attestations), {@code .sbom} (SBOMs). Finds which of them exist, one HEAD each.
 */
public record CosignTags(RepositoryName repo, Digest subject) {

    public static final List<String> SUFFIXES = io.meridian.sync.oci.Reference.COSIGN_SUFFIXES;

    /** The three tag names for a subject, whether or not they exist. */
    public static List<Reference.Tag> forSubject(Digest subject) {
        List<Reference.Tag> tags = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            tags.add(Reference.tag(subject.algorithm() + "-" + subject.hex() + suffix));
        }
        return tags;
    }

    /** True for a tag that follows the cosign convention (so a copier can order it after its subject). */
    public static boolean isCosignTag(String tag) {
        return tag.matches("(sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})\\.(sig|att|sbom)");
    }

    public List<Reference.Tag> execute(RegistryHttp http) {
        List<Reference.Tag> present = new ArrayList<>();
        for (Reference.Tag tag : forSubject(subject)) {
            if (new ManifestHead(repo, tag).execute(http).isPresent()) {
                present.add(tag);
            }
        }
        return present;
    }
}
