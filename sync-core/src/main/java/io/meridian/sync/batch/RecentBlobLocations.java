package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.BlobLocations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob locations learned by this process, in memory, in front of the {@code blob_locations}
 * table: the copier asks for every blob it does not find, and writing a row per blob would
 * cost a database round trip each. Locations reach the table in one batch per chunk (the
 * transfer step's writer, through {@link BlobLocationRepository#rememberAll}); the table answers
 * for what earlier processes learned. A blob this process <em>uploaded</em> is written to the table at once
 * ({@link #uploaded}): one upsert beside an upload's requests, and a crash before the chunk's commit does not make
 * the next process send it again.
 * Bounded: past {@value #MAX_ENTRIES} digests the memory is dropped (the table still knows).
 */
public final class RecentBlobLocations implements BlobLocations {

    static final int MAX_ENTRIES = 200_000;

    private record Key(long registryId, Digest digest) {
    }

    private final BlobLocations table;
    private final Map<Key, Set<RepositoryName>> recent = new ConcurrentHashMap<>();

    public RecentBlobLocations(BlobLocations table) {
        this.table = table;
    }

    @Override
    public List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except) {
        Set<RepositoryName> known = recent.get(new Key(registryId, digest));
        if (known != null) {
            List<RepositoryName> others = new ArrayList<>();
            for (RepositoryName repo : known) {
                if (!repo.equals(except)) {
                    others.add(repo);
                }
            }
            if (!others.isEmpty()) {
                return others;
            }
        }
        return table.candidates(registryId, digest, except);
    }

    @Override
    public void remember(long registryId, RepositoryName repository, Digest digest, long size) {
        if (recent.size() > MAX_ENTRIES) {
            recent.clear();
        }
        recent.computeIfAbsent(new Key(registryId, digest), k -> ConcurrentHashMap.newKeySet()).add(repository);
    }

    @Override
    public void uploaded(long registryId, RepositoryName repository, Digest digest, long size) {
        remember(registryId, repository, digest, size);
        table.remember(registryId, repository, digest, size);
    }

    @Override
    public void forget(long registryId, RepositoryName repository, Digest digest) {
        Set<RepositoryName> known = recent.get(new Key(registryId, digest));
        if (known != null) {
            known.remove(repository);
        }
        table.forget(registryId, repository, digest);
    }
}
