package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Objects;

/**
 * One source artifact as the planner knows it: what the source HEAD answered, and its manifest fetched on the first
 * rule that needs it (kind filter, platforms) and then shared by every destination's decision. Without such a rule
 * the plan never GETs a manifest, so an unchanged tag still costs one HEAD per side.
 */
public final class SourceFacts {

    private final GuardedRegistry registry;
    private final RepositoryName repository;
    private final Reference reference;
    private final Descriptor descriptor;
    private ManifestBytes manifest;

    public SourceFacts(GuardedRegistry registry, RepositoryName repository, Reference reference, Descriptor descriptor) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    }

    public GuardedRegistry registry() {
        return registry;
    }

    public RepositoryName repository() {
        return repository;
    }

    public Reference reference() {
        return reference;
    }

    /** Digest and media type as the source's HEAD answered them. */
    public Descriptor descriptor() {
        return descriptor;
    }

    /** The manifest by the planned digest, fetched once (destinations decide in parallel). */
    public synchronized ManifestBytes manifest() {
        if (manifest == null) {
            manifest = registry.getManifest(repository, Reference.digest(descriptor.digest()));
        }
        return manifest;
    }
}
