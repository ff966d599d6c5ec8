package io.meridian.bench.registry;

import io.meridian.bench.data.Blob;
import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.Manifest;
import io.meridian.bench.data.TagRef;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes a generated data set from its OCI layout into a registry, {@code width} requests in flight: each unique
 * blob uploaded once (into the first repository that needs it), mounted into the others, then child manifests by
 * digest and each tag last. Used to load source registries and, through the WAN proxy, as the raw upload floor.
 */
public final class DatasetPusher {

    private final RegistryHttp http;
    private final int width;

    public DatasetPusher(RegistryHttp http, int width) {
        this.http = http;
        this.width = width;
    }

    public void push(Dataset data, URI registry) {
        Map<String, Set<Blob>> byRepo = data.blobsByRepository();
        Map<String, String> home = new LinkedHashMap<>();
        byRepo.forEach((repo, blobs) -> blobs.forEach(b -> home.putIfAbsent(b.digest(), repo)));
        Map<String, Blob> unique = data.uniqueBlobs();

        List<Runnable> uploads = new ArrayList<>();
        home.forEach((digest, repo) -> uploads.add(() -> {
            Blob blob = unique.get(digest);
            http.uploadBlob(registry, repo, digest, blob.pathIn(data.layout()));
        }));
        Parallel.run(width, uploads);

        List<Runnable> mounts = new ArrayList<>();
        byRepo.forEach((repo, blobs) -> blobs.forEach(b -> {
            String from = home.get(b.digest());
            if (!from.equals(repo)) {
                mounts.add(() -> http.mountOrUpload(registry, repo, b.digest(), from, b.pathIn(data.layout())));
            }
        }));
        Parallel.run(width, mounts);

        List<Runnable> tags = new ArrayList<>();
        for (TagRef ref : data.refs()) {
            tags.add(() -> pushTree(registry, ref));
        }
        Parallel.run(width, tags);
    }

    private void pushTree(URI registry, TagRef ref) {
        Manifest root = ref.manifest();
        for (Manifest child : root.children()) {
            http.putManifest(registry, ref.repository(), child.digest(), child.mediaType(), child.bytes());
        }
        http.putManifest(registry, ref.repository(), ref.tag(), root.mediaType(), root.bytes());
    }
}
