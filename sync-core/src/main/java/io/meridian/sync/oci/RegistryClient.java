package io.meridian.sync.oci;

import io.meridian.sync.oci.blob.BlobGet;
import io.meridian.sync.oci.blob.BlobHead;
import io.meridian.sync.oci.blob.BlobMount;
import io.meridian.sync.oci.blob.BlobPusher;
import io.meridian.sync.oci.internal.RegistryHttp;
import io.meridian.sync.oci.listing.Catalog;
import io.meridian.sync.oci.listing.Referrers;
import io.meridian.sync.oci.listing.ReferrersApiSupport;
import io.meridian.sync.oci.listing.ReferrersTagUpdate;
import io.meridian.sync.oci.listing.TagList;
import io.meridian.sync.oci.manifest.ManifestDelete;
import io.meridian.sync.oci.manifest.ManifestGet;
import io.meridian.sync.oci.manifest.ManifestHead;
import io.meridian.sync.oci.manifest.ManifestPut;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe facade over one registry. Each call is delegated to a small immutable per-call class
 * ({@code manifest.*}, {@code blob.*}, {@code listing.*}); this class only holds the endpoint, the options and
 * the request path with its per-scope token cache. Build one per registry from a shared {@link OciTransport}.
 * Errors are {@link RegistryException}s: {@link RetryableRegistryException} or {@link PermanentRegistryException}.
 * Retries beyond the auth handshake and chunk resume are the caller's policy (Resilience4j in sync.resilience).
 */
public final class RegistryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final int LOCK_STRIPES = 64;

    private final RegistryEndpoint endpoint;
    private final ClientOptions options;
    private final RegistryHttp http;
    /** Whether this registry has the referrers API, as last answered. */
    private final ReferrersApiSupport referrersApi = new ReferrersApiSupport();
    /** Serialises read-modify-write of fallback referrers tags per subject within this client. */
    private final Object[] referrerLocks = new Object[LOCK_STRIPES];

    public RegistryClient(OciTransport transport, RegistryEndpoint endpoint, ClientOptions options) {
        Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.http = new RegistryHttp(transport, endpoint, options.readIdleTimeout());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            referrerLocks[i] = new Object();
        }
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

    /**
     * A short-lived token that can only pull {@code repo} (for a P2P engine to read what was just pushed); empty
     * when the registry has no Bearer token service. Never the registry's password.
     */
    public Optional<io.meridian.sync.oci.ScopedToken> pullToken(RepositoryName repo) {
        return http.issueScopedToken(io.meridian.sync.oci.auth.Scopes.pull(repo));
    }

    /** One HEAD with all four manifest types in Accept; empty on 404. */
    public Optional<Descriptor> headManifest(RepositoryName repo, Reference ref) {
        return new ManifestHead(repo, ref).execute(http);
    }

    /** GET a manifest: raw bytes, digest verified against Docker-Content-Digest and a digest reference. */
    public ManifestBytes getManifest(RepositoryName repo, Reference ref) {
        return new ManifestGet(repo, ref, options.maxManifestBytes()).execute(http);
    }

    /**
     * PUT a manifest's exact bytes under a tag or its digest; returns its digest. A manifest with a
     * {@code subject} pushed to a registry without the referrers API (no {@code OCI-Subject} in the answer) is
     * also added to the subject's fallback tag index {@code sha256-<hex>}, as the spec asks of clients.
     */
    public Digest putManifest(RepositoryName repo, Reference ref, ManifestBytes manifest) {
        ManifestPut.Result result = new ManifestPut(repo, ref, manifest).execute(http);
        if (!result.subjectIndexed() && hasSubject(manifest)) {
            Digest subject = manifest.parse().subject().orElseThrow().digest();
            synchronized (referrerLocks[Math.floorMod(subject.hashCode() * 31 + repo.hashCode(), LOCK_STRIPES)]) {
                if (new ReferrersTagUpdate(repo, subject, manifest, options.maxManifestBytes()).execute(http)) {
                    LOG.info("added {} to the fallback referrers tag of {} in {}/{}", manifest.digest().shortForm(),
                            subject.shortForm(), endpoint.hostPort(), repo);
                }
            }
        }
        return result.digest();
    }

    /** PUT a manifest under its own digest. */
    public Digest putManifest(RepositoryName repo, ManifestBytes manifest) {
        return putManifest(repo, Reference.digest(manifest.digest()), manifest);
    }

    /** DELETE by digest (removes every tag pointing at it). */
    public void deleteManifest(RepositoryName repo, Digest digest) {
        new ManifestDelete(repo, digest).execute(http);
    }

    /** {@code GET /v2/}: fails unless the endpoint answers 200 (the endpoint probe's round trip). */
    public void checkApi() {
        new ApiCheck().execute(http);
    }

    /** The blob's size if the repository has it. */
    public Optional<Long> headBlob(RepositoryName repo, Digest digest) {
        return new BlobHead(repo, digest).execute(http);
    }

    /** Streams a blob from {@code offset} (Range), following redirects. Close the result. */
    public BlobSource openBlob(RepositoryName repo, Digest digest, long offset) {
        return new BlobGet(repo, digest, offset).execute(http);
    }

    /** Pushes a blob from a one-shot stream, hashing on the fly; nothing is committed if the digest differs. */
    public void pushBlob(RepositoryName repo, Digest digest, long size, InputStream content) {
        pusher(repo, digest, size).push(http, content);
    }

    /** Pushes a blob, reopening the content at the registry's offset when a connection breaks mid-upload. */
    public void pushBlob(RepositoryName repo, Digest digest, long size, BlobOpener content) {
        pusher(repo, digest, size).push(http, content);
    }

    /** Pushes small in-memory content (configs, test data). */
    public void pushBlob(RepositoryName repo, Digest digest, byte[] content) {
        pusher(repo, digest, content.length).push(http, offset -> new java.io.ByteArrayInputStream(
                content, (int) offset, content.length - (int) offset));
    }

    /** Cross-repository mount: true on 201; false on 202 (the started upload is cancelled). */
    public boolean mountBlob(RepositoryName repo, Digest digest, RepositoryName from) {
        return new BlobMount(repo, digest, from).execute(http);
    }

    /** All repositories, page by page through Link headers (lazy; close the stream if not read to the end). */
    public Stream<RepositoryName> catalog() {
        return new Catalog(options.catalogPageSize(), options.maxPages()).execute(http);
    }

    /** All tags of a repository, in the registry's order (distribution 2.8.2: unsorted). */
    public List<String> listTags(RepositoryName repo) {
        return new TagList(repo, options.maxPages()).execute(http);
    }

    /** Manifests whose subject is {@code subject}: referrers API, or the {@code sha256-<hex>} fallback tag. */
    public List<Descriptor> referrers(RepositoryName repo, Digest subject) {
        return referrers(repo, subject, FallbackTag.UNKNOWN);
    }

    /**
     * As {@link #referrers(RepositoryName, Digest)}, for a caller that has the repository's tag list: on a registry
     * without the referrers API, a fallback tag it did not list costs no request at all.
     */
    public List<Descriptor> referrers(RepositoryName repo, Digest subject, FallbackTag fallbackTag) {
        return new Referrers(repo, subject, options.maxManifestBytes(), referrersApi, fallbackTag).execute(http);
    }

    private BlobPusher pusher(RepositoryName repo, Digest digest, long size) {
        return new BlobPusher(repo, digest, size, options.chunkSize(), options.monolithicMax());
    }

    private static boolean hasSubject(ManifestBytes manifest) {
        // cheap pre-check before parsing: most manifests have no subject
        return new String(manifest.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("\"subject\"")
                && manifest.parse().subject().isPresent();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "RegistryClient[" + endpoint.hostPort() + "]";
    }
}
