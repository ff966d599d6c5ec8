package io.meridian.sync.transfer;

import io.meridian.sync.oci.BlobOpener;
import io.meridian.sync.oci.BlobSource;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.FallbackTag;
import io.meridian.regions.paths.PathRule;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.resilience.RegistryGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registry as the engine sees it: its database id and name, the shared OCI client, and
 * the Resilience4j guard every call goes through. The engine never calls a
 * {@link RegistryClient} directly, so no registry call escapes retry, circuit breaker and bulkhead. Blob bytes are
 * the exception that proves it: {@link BlobTransfer} guards each replayable attempt (a source GET, an upload session)
 * itself, never a stream.
 */
public final class GuardedRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRegistry.class);

    private final long id;
    private final String name;
    private final String endpoint;
    private final RegistryClient client;
    private final RegistryGuard guard;
    private final MeterRegistry meters;
    private final PathEstimates.Meter pathMeter;
    private final List<EndpointHandle> endpoints;
    private final EndpointCalls routed;
    private final Map<String, Counter> calls;

    /** @param meters counts calls as {@code meridian.registry.calls{registry, call}}; may be null */
    public GuardedRegistry(long id, String name, RegistryClient client, RegistryGuard guard, MeterRegistry meters) {
        this(id, name, EndpointHandle.DEFAULT, client, guard, meters, null, List.of());
    }

    /**
     * One endpoint of a registry: its own client (base URL, CA bundle, proxy) and guard (its own circuit breaker),
     * measured by {@code pathMeter}.
     */
    public GuardedRegistry(long id, String name, String endpoint, RegistryClient client, RegistryGuard guard,
                           MeterRegistry meters, PathEstimates.Meter pathMeter) {
        this(id, name, endpoint, client, guard, meters, pathMeter, List.of());
    }

    private GuardedRegistry(long id, String name, String endpoint, RegistryClient client, RegistryGuard guard,
                            MeterRegistry meters, PathEstimates.Meter pathMeter, List<EndpointHandle> endpoints) {
        this(id, name, endpoint, client, guard, meters, pathMeter, endpoints, null, new ConcurrentHashMap<>());
    }

    private GuardedRegistry(long id, String name, String endpoint, RegistryClient client, RegistryGuard guard,
                            MeterRegistry meters, PathEstimates.Meter pathMeter, List<EndpointHandle> endpoints,
                            EndpointCalls routed, Map<String, Counter> calls) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.client = Objects.requireNonNull(client, "client");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.meters = meters;
        this.pathMeter = pathMeter;
        this.endpoints = List.copyOf(endpoints);
        this.routed = this.endpoints.isEmpty() ? null : Objects.requireNonNull(routed, "routed");
        this.calls = calls;
    }

    /**
     * This registry with several endpoints to choose from (its own url among them, as {@value EndpointHandle#DEFAULT}),
     * as a node without a region sees them (only endpoints reachable from everywhere).
     */
    public GuardedRegistry withEndpoints(List<EndpointHandle> choices) {
        return withEndpoints(choices, new EndpointChoice(Optional.empty()));
    }

    /**
     * This registry with several endpoints to choose from, {@code choice} ranking them for this node. Every request
     * takes an endpoint: blob bytes the one each attempt chooses ({@link BlobStreams}), the small requests (HEAD,
     * mount, manifests, listings) the one with the lowest expected round trip ({@link EndpointCalls}), each failing
     * over to the next one. Only {@link #pullToken} and {@link #baseUrl} (what a P2P engine is told) stay on the url.
     */
    public GuardedRegistry withEndpoints(List<EndpointHandle> choices, EndpointChoice choice) {
        return new GuardedRegistry(id, name, endpoint, client, guard, meters, pathMeter, choices,
                new EndpointCalls(choice, PathRule.ANY, name, meters), calls);
    }

    /**
     * This registry with its small requests confined to the endpoints the policy's {@code rule} allows (as its blob
     * attempts are); itself when it has no endpoints or the rule is the same.
     */
    public GuardedRegistry under(PathRule rule) {
        PathRule r = rule == null ? PathRule.ANY : rule;
        if (routed == null || routed.rule().equals(r)) {
            return this;
        }
        return new GuardedRegistry(id, name, endpoint, client, guard, meters, pathMeter, endpoints,
                routed.under(r), calls);
    }

    /**
     * This registry for one task: its small requests go to the task's endpoint (the best for a typical image, then
     * wherever the task's last blob went) rather than each to the lowest round trip; itself without endpoints.
     */
    public GuardedRegistry pinned() {
        if (routed == null) {
            return this;
        }
        return new GuardedRegistry(id, name, endpoint, client, guard, meters, pathMeter, endpoints,
                routed.pinned(this), calls);
    }

    /** The task's blob went over {@code endpointName}: its next small requests follow (when {@link #pinned}). */
    void pinTo(String endpointName) {
        if (routed != null) {
            routed.pinTo(endpointName);
        }
    }

    /** The endpoints to choose from; empty when the registry has only its url (then every attempt goes here). */
    public List<EndpointHandle> endpoints() {
        return endpoints;
    }

    /** This handle's endpoint name: {@value EndpointHandle#DEFAULT} for the registry's own url. */
    public String endpoint() {
        return endpoint;
    }

    /** {@code <registry>/<endpoint>}, as recorded on tasks and in byte counts. */
    public String endpointKey() {
        return name + "/" + endpoint;
    }

    /** This endpoint's base URL (no credentials in it). */
    public String endpointUrl() {
        return client.endpoint().baseUrl().toString();
    }

    /** This endpoint's forward proxy as {@code http://host:port}, or null. */
    public String endpointProxy() {
        return client.endpoint().proxy().map(p -> "http://" + p.getHostString() + ":" + p.getPort()).orElse(null);
    }

    /** Where this endpoint's samples go; null when it is not measured (a registry with a single endpoint). */
    public PathEstimates.Meter pathMeter() {
        return pathMeter;
    }

    /** Counts one logical call (retries are counted by the retry metrics). */
    private void count(String call) {
        if (meters != null) {
            calls.computeIfAbsent(call, c -> Counter.builder("meridian.registry.calls")
                    .description("Registry calls made by the replication engine")
                    .tag("registry", name).tag("call", c).register(meters)).increment();
        }
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public RegistryGuard guard() {
        return guard;
    }

    /** A pull-only token for {@code repo} to hand to a P2P engine (see {@link RegistryClient#pullToken}). */
    public Optional<io.meridian.sync.oci.ScopedToken> pullToken(RepositoryName repo) {
        count("pullToken");
        return guard.call(() -> client.pullToken(repo));
    }

    /** The registry's base URL (what a P2P engine is told to fetch from). */
    public java.net.URI baseUrl() {
        return client.endpoint().baseUrl();
    }

    public List<RepositoryName> catalog() {
        count("catalog");
        return request(c -> c.catalog().toList());
    }

    public List<String> listTags(RepositoryName repo) {
        count("tags.list");
        return roundTrip(c -> c.listTags(repo));
    }

    public Optional<Descriptor> headManifest(RepositoryName repo, Reference ref) {
        count("manifest.head");
        return roundTrip(c -> c.headManifest(repo, ref));
    }

    /** Manifests whose subject is {@code subject}: the referrers API, else the fallback tag's index. */
    public List<Descriptor> referrers(RepositoryName repo, Digest subject) {
        return referrers(repo, subject, FallbackTag.UNKNOWN);
    }

    /** As above, with what the caller's tag list says of the fallback tag (no request where it proves absence). */
    public List<Descriptor> referrers(RepositoryName repo, Digest subject, FallbackTag fallbackTag) {
        count("referrers.list");
        return request(c -> c.referrers(repo, subject, fallbackTag));
    }

    /**
     * DELETE a manifest by digest (distribution removes every tag on it; mirror deletes check that first).
     * False when it was already gone (404): a deletion is done either way.
     */
    public boolean deleteManifest(RepositoryName repo, Digest digest) {
        count("manifest.delete");
        try {
            request(c -> {
                c.deleteManifest(repo, digest);
                return null;
            });
            return true;
        } catch (PermanentRegistryException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Gets a manifest; bytes that arrive not matching their digest are fetched again ({@link ManifestRounds}). */
    public ManifestBytes getManifest(RepositoryName repo, Reference ref) {
        return ManifestRounds.fetch(() -> {
            count("manifest.get");
            return roundTrip(c -> c.getManifest(repo, ref));
        }, ref.value() + " of " + name + "/" + repo.value());
    }

    /**
     * Puts a manifest whose blobs the engine has just made present; distribution's link-file race gets a short bounded
     * re-put ({@link ManifestRounds}).
     */
    public void putManifest(RepositoryName repo, Reference ref, ManifestBytes manifest) {
        ManifestRounds.put(() -> {
            count("manifest.put");
            request(c -> {
                c.putManifest(repo, ref, manifest);
                return null;
            });
        }, manifest.digest().shortForm() + " to " + name + "/" + repo.value());
    }

    public Optional<Long> headBlob(RepositoryName repo, Digest digest) {
        count("blob.head");
        return roundTrip(c -> c.headBlob(repo, digest));
    }

    public boolean mountBlob(RepositoryName repo, Digest digest, RepositoryName from) {
        count("blob.mount");
        return request(c -> c.mountBlob(repo, digest, from));
    }

    /**
     * A small blob read whole (a scan report for the gate, issue 14): refused above {@code maxBytes}, verified
     * against its digest, and retried as one request (each attempt re-opens it, so nothing consumed is replayed).
     */
    public byte[] readSmallBlob(RepositoryName repo, Digest digest, int maxBytes) {
        count("blob.get");
        String what = "read blob " + digest.shortForm() + " from " + name + "/" + repo.value();
        return request(c -> {
            try (BlobSource blob = c.openBlob(repo, digest, 0)) {
                if (blob.size() > maxBytes) {
                    throw new PermanentRegistryException(what + " failed: " + blob.size() + " bytes, more than "
                            + maxBytes + " allowed");
                }
                byte[] bytes = blob.stream().readNBytes(maxBytes + 1);
                Digest actual = Digest.of(digest.algorithm(), bytes);
                if (!actual.equals(digest)) {
                    throw new DigestMismatchException(what, digest, actual);
                }
                return bytes;
            } catch (java.io.IOException e) {
                throw new RetryableRegistryException(what + " failed: " + e, e);
            }
        });
    }

    /**
     * One source GET from {@code offset} ({@code Range}): retried, breaker-checked and bulkheaded as a request, which
     * can be replayed; reading the stream is the caller's (a {@link SourceReads} re-opens it where a read broke).
     */
    BlobSource openBlob(RepositoryName repo, Digest digest, long offset) {
        count("blob.get");
        return guard.call(() -> timed(() -> client.openBlob(repo, digest, offset)));
    }

    /**
     * One upload session fed by {@code content}, which the OCI client re-opens at the registry's offset when a chunk
     * breaks. Not guarded: {@link BlobTransfer} runs it as one attempt under this registry's guard.
     */
    void pushBlob(RepositoryName repo, Digest digest, long size, BlobOpener content) {
        count("blob.push");
        client.pushBlob(repo, digest, size, content);
    }

    /** One upload session from a one-shot stream (a tee pipe): never retried on that stream. Not guarded. */
    void pushBlob(RepositoryName repo, Digest digest, long size, InputStream content) {
        count("blob.push");
        client.pushBlob(repo, digest, size, content);
    }

    /** {@code GET /v2/} once under this endpoint's breaker and bulkhead (no retry): the probe's RTT sample. */
    public void checkApi() {
        count("api.check");
        guard.attempt(() -> timed(() -> {
            client.checkApi();
            return null;
        }));
    }

    /**
     * A small request: under this registry's guard (retry, breaker, bulkhead) when it has only its url, else on the
     * best of its endpoints ({@link EndpointCalls}).
     */
    private <T> T request(Function<RegistryClient, T> request) {
        return routed == null ? guard.call(() -> request.apply(client)) : routed.call(this, request, false);
    }

    /**
     * A single read whose answer takes the registry no work to speak of (HEAD, a manifest or tag list GET): as
     * {@link #request}, and its time is an RTT sample of the endpoint that answered. Writes (manifest PUT, mount,
     * DELETE) are not: their time is the registry's work as much as the path's.
     */
    private <T> T roundTrip(Function<RegistryClient, T> request) {
        return routed == null ? guard.call(() -> timed(() -> request.apply(client))) : routed.call(this, request, true);
    }

    /**
     * One small request on this endpoint under its breaker and bulkhead, without retry (the caller fails over): an
     * outcome sample of it and, for a {@code roundTrip}, an RTT sample.
     */
    <T> T attempted(Function<RegistryClient, T> request, boolean roundTrip) {
        try {
            T result = guard.attempt(() -> roundTrip ? timed(() -> request.apply(client)) : request.apply(client));
            if (pathMeter != null) {
                pathMeter.outcome(true);
            }
            return result;
        } catch (RegistryException e) {
            if (pathMeter != null && e.isRetryable()) {
                pathMeter.outcome(false);
            }
            throw e;
        }
    }

    /** A small request's round trip is an RTT sample of this endpoint, when it is measured. */
    private <T> T timed(java.util.function.Supplier<T> request) {
        if (pathMeter == null) {
            return request.get();
        }
        long started = System.nanoTime();
        T result = request.get();
        pathMeter.rtt(System.nanoTime() - started);
        return result;
    }

    @Override
    public String toString() {
        return name;
    }
}
