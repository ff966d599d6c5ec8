package io.meridian.sync.oci;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Thread-safe facade over one registry. Each call is delegated to a small immutable per-call class; this
 * class only holds the endpoint, the options, the shared transport and the per-scope token cache.
 * Errors are {@link RegistryException}s: {@link RetryableRegistryException} or {@link PermanentRegistryException}.
 */
public final class RegistryClient {

    private final RegistryEndpoint endpoint;
    private final ClientOptions options;
    private final OciTransport transport;

    public RegistryClient(OciTransport transport, RegistryEndpoint endpoint, ClientOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
    }

    public RegistryClient(OciTransport transport, RegistryEndpoint endpoint) {
        this(transport, endpoint, ClientOptions.defaults());
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    public ClientOptions options() {
        return options;
    }

    /** One HEAD with all four manifest types in Accept; empty on 404. */
    public Optional<Descriptor> headManifest(RepositoryName repo, Reference ref) {
        throw new UnsupportedOperationException("not yet");
    }

    /** GET a manifest; raw bytes, digest verified against Docker-Content-Digest and a digest reference. */
    public ManifestBytes getManifest(RepositoryName repo, Reference ref) {
        throw new UnsupportedOperationException("not yet");
    }

    /** PUT a manifest under a tag or its digest; returns the digest the registry reports. */
    public Digest putManifest(RepositoryName repo, Reference ref, ManifestBytes manifest) {
        throw new UnsupportedOperationException("not yet");
    }

    public void deleteManifest(RepositoryName repo, Digest digest) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The blob's size if the repository has it. */
    public Optional<Long> headBlob(RepositoryName repo, Digest digest) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Streams a blob from {@code offset} (Range), following redirects. Close the result. */
    public BlobSource openBlob(RepositoryName repo, Digest digest, long offset) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pushes a blob from a stream, hashing on the fly; nothing is committed if the digest differs. */
    public void pushBlob(RepositoryName repo, Digest digest, long size, InputStream content) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pushes a blob, reopening the content at the registry's offset when a connection breaks mid-upload. */
    public void pushBlob(RepositoryName repo, Digest digest, long size, BlobOpener content) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Cross-repository mount: true on 201; false on 202 (the started upload is cancelled). */
    public boolean mountBlob(RepositoryName repo, Digest digest, RepositoryName from) {
        throw new UnsupportedOperationException("not yet");
    }

    /** All repositories, page by page through Link headers (lazy). */
    public Stream<RepositoryName> catalog() {
        throw new UnsupportedOperationException("not yet");
    }

    public List<String> listTags(RepositoryName repo) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Manifests whose subject is {@code subject}: referrers API, or the {@code sha256-<hex>} fallback tag. */
    public List<Descriptor> referrers(RepositoryName repo, Digest subject) {
        throw new UnsupportedOperationException("not yet");
    }
}
