package io.meridian.sync.oci;

import java.util.List;

/**
 * Cosign's tag convention for what it attaches to an image: {@code sha256-<hex>.sig} (signatures),
 * {@code .att} (attestations), {@code .sbom} (SBOMs). The one place that knows these suffixes.
 */
public final class CosignTags {

    private static final List<String> SUFFIXES = List.of(".sig", ".att", ".sbom");
    /** The OCI distribution spec's limit on a tag's length. */
    private static final int MAX_TAG = 128;

    private CosignTags() {
    }

    /**
     * The three tag names for a subject ({@code <algorithm>-<hex>.sig/.att/.sbom}), whether or not they exist;
     * none for a digest too long to make a valid tag (sha512: such a tag cannot exist on a registry).
     */
    public static List<Reference.Tag> forSubject(Digest subject) {
        String base = subject.algorithm() + "-" + subject.hex();
        return SUFFIXES.stream().filter(suffix -> base.length() + suffix.length() <= MAX_TAG)
                .map(suffix -> Reference.tag(base + suffix)).toList();
    }
}
