package io.meridian.sync.transfer;

import io.meridian.sync.oci.ClientOptions;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The transfer package wired without Batch or a database: guarded registries, pools, an in-memory location hint. */
final class TransferFixture implements AutoCloseable {

    static final ResilienceSettings FAST_RETRIES = new ResilienceSettings(4, Duration.ofMillis(50),
            Duration.ofMillis(500), 64, Duration.ofMinutes(1), 50f, 10, Duration.ofSeconds(30), 0);

    final OciTransport transport = OciTransport.create();
    final RegistryGuards guards = new RegistryGuards(FAST_RETRIES, null);
    final ExecutorService blobPool = Executors.newFixedThreadPool(16);
    final ExecutorService streamPool = Executors.newCachedThreadPool();
    final MemoryLocations locations = new MemoryLocations();
    private final AtomicLong ids = new AtomicLong();
    private final List<RegistryClient> clients = new ArrayList<>();

    GuardedRegistry registry(String name, String url) {
        return registry(name, url, ClientOptions.defaults());
    }

    GuardedRegistry registry(String name, String url, ClientOptions options) {
        RegistryClient client = new RegistryClient(transport, RegistryEndpoint.insecure(url, Credentials.anonymous()), options);
        clients.add(client);
        return new GuardedRegistry(ids.incrementAndGet(), name, client, guards.forRegistry(name), null);
    }

    static CopyTarget target(GuardedRegistry registry, String repository) {
        return new CopyTarget(0, registry, RepositoryName.parse(repository), new TaskProgress());
    }

    @Override
    public void close() {
        blobPool.shutdownNow();
        streamPool.shutdownNow();
        clients.forEach(RegistryClient::close);
    }

    /** {@link BlobLocations} in a map. */
    static final class MemoryLocations implements BlobLocations {
        private final Map<String, List<RepositoryName>> seen = new ConcurrentHashMap<>();

        @Override
        public List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except) {
            return seen.getOrDefault(registryId + "/" + digest, List.of()).stream().filter(r -> !r.equals(except))
                    .toList();
        }

        @Override
        public void remember(long registryId, RepositoryName repository, Digest digest, long size) {
            seen.compute(registryId + "/" + digest, (k, v) -> {
                List<RepositoryName> list = v == null ? new ArrayList<>() : new ArrayList<>(v);
                if (!list.contains(repository)) {
                    list.add(0, repository);
                }
                return list;
            });
        }

        @Override
        public void forget(long registryId, RepositoryName repository, Digest digest) {
            seen.computeIfPresent(registryId + "/" + digest, (k, v) -> {
                List<RepositoryName> list = new ArrayList<>(v);
                list.remove(repository);
                return list;
            });
        }
    }
}
