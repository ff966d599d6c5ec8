package io.meridian.bench.data;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A generated registry: every tag with its manifest tree, the bytes in an OCI image layout at {@code layout}. */
public record Dataset(DatasetSpec spec, Path layout, List<TagRef> refs) {

    public Dataset {
        refs = List.copyOf(refs);
    }

    public Set<String> repositories() {
        Set<String> repos = new LinkedHashSet<>();
        refs.forEach(r -> repos.add(r.repository()));
        return repos;
    }

    /** Every distinct blob (configs and layers), each counted once however many images share it. */
    public Map<String, Blob> uniqueBlobs() {
        Map<String, Blob> blobs = new LinkedHashMap<>();
        forEachManifest(m -> m.blobs().forEach(b -> blobs.putIfAbsent(b.digest(), b)));
        return blobs;
    }

    /** Every distinct manifest and index. */
    public Map<String, Manifest> uniqueManifests() {
        Map<String, Manifest> manifests = new LinkedHashMap<>();
        forEachManifest(m -> manifests.putIfAbsent(m.digest(), m));
        return manifests;
    }

    /** Bytes a perfect copier moves once per destination: unique blobs plus unique manifests. */
    public long uniqueBytes() {
        long blobs = uniqueBlobs().values().stream().mapToLong(Blob::size).sum();
        long manifests = uniqueManifests().values().stream().mapToLong(m -> m.bytes().length).sum();
        return blobs + manifests;
    }

    /** Blobs each repository must hold (a blob shared by repositories appears under each). */
    public Map<String, Set<Blob>> blobsByRepository() {
        Map<String, Set<Blob>> byRepo = new LinkedHashMap<>();
        for (TagRef ref : refs) {
            Set<Blob> set = byRepo.computeIfAbsent(ref.repository(), k -> new LinkedHashSet<>());
            walk(ref.manifest(), m -> set.addAll(m.blobs()));
        }
        return byRepo;
    }

    public String summary() {
        return String.format("%s: %d repositories, %d tags, %d unique blobs, %.1f MB unique",
                spec.name(), repositories().size(), refs.size(), uniqueBlobs().size(), uniqueBytes() / 1e6);
    }

    private void forEachManifest(java.util.function.Consumer<Manifest> action) {
        refs.forEach(r -> walk(r.manifest(), action));
    }

    static void walk(Manifest root, java.util.function.Consumer<Manifest> action) {
        Deque<Manifest> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Manifest m = todo.pop();
            action.accept(m);
            m.children().forEach(todo::push);
        }
    }
}
