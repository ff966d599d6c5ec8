package io.meridian.server.replication.crash;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls the destination directly (not through Meridian's counting proxy) during the whole run, kills and restarts
 * included: whenever a watched tag answers, everything under it — child manifests of an index, their config and
 * layers — must already be there. A tag distribution lists a moment before its link file is written (404/500 on
 * the GET) is not visible yet, not dangling.
 */
final class DestinationWatcher implements AutoCloseable {

    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger tagsSeen = new AtomicInteger();
    private final Map<String, Boolean> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final RegistryClient destination;
    private final Thread thread;

    DestinationWatcher(RegistryClient destination) {
        this.destination = destination;
        this.thread = new Thread(this::loop, "crash-destination-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching {@code repo:tag} references. */
    void watch(Iterable<String> refs) {
        refs.forEach(ref -> watched.put(ref, Boolean.TRUE));
    }

    void unwatch(Iterable<String> refs) {
        refs.forEach(watched::remove);
    }

    private void loop() {
        while (running.get()) {
            for (String ref : new ArrayList<>(watched.keySet())) {
                poll(ref);
            }
            polls.incrementAndGet();
            // pacing, not synchronisation: leave the (shared, 2-core) machine to the server between passes
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private void poll(String ref) {
        String[] parts = ref.split(":");
        RepositoryName repo = RepositoryName.parse(parts[0]);
        try {
            if (destination.headManifest(repo, Reference.tag(parts[1])).isEmpty()) {
                return;
            }
            ManifestBytes manifest;
            try {
                manifest = destination.getManifest(repo, Reference.tag(parts[1]));
            } catch (RegistryException e) {
                if (e.isRetryable() || e.status() == 404) {
                    return; // listed before its link file is written: not visible yet
                }
                throw e;
            }
            tagsSeen.incrementAndGet();
            complete(ref, repo, manifest);
        } catch (RegistryException e) {
            if (!e.isRetryable()) {
                violations.add(ref + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            violations.add(ref + ": " + e);
        }
    }

    private void complete(String ref, RepositoryName repo, ManifestBytes manifest) {
        Manifest parsed = manifest.parse();
        if (parsed instanceof Manifest.ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                if (destination.headManifest(repo, Reference.digest(child.digest())).isEmpty()) {
                    violations.add(ref + " visible while its child " + child.digest() + " is missing");
                    continue;
                }
                complete(ref, repo, destination.getManifest(repo, Reference.digest(child.digest())));
            }
            return;
        }
        for (Descriptor blob : parsed.references()) {
            if (destination.headBlob(repo, blob.digest()).isEmpty()) {
                violations.add(ref + " visible while " + blob.digest() + " is missing");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
