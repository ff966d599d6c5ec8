package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.BlobLocations;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The owner of {@code blob_locations}: where each blob was last seen, as {@link BlobLocations}. */
public final class BlobLocationRepository implements BlobLocations {

    /** One blob seen in one repository of one registry. */
    public record BlobLocation(long registryId, RepositoryName repository, Digest digest, long size) {
    }

    private static final int MAX_CANDIDATES = 3;
    private static final String UPSERT = """
            INSERT INTO blob_locations (registry_id, repository, digest, size, seen_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (registry_id, digest, repository) DO UPDATE SET seen_at = now(), size = EXCLUDED.size""";

    private final JdbcTemplate jdbc;

    public BlobLocationRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except) {
        return jdbc.query("""
                SELECT repository FROM blob_locations
                 WHERE registry_id = ? AND digest = ? AND repository <> ?
                 ORDER BY seen_at DESC LIMIT ?""",
                (rs, i) -> RepositoryName.parse(rs.getString(1)),
                registryId, digest.toString(), except.value(), MAX_CANDIDATES);
    }

    @Override
    public void remember(long registryId, RepositoryName repository, Digest digest, long size) {
        rememberAll(List.of(new BlobLocation(registryId, repository, digest, size)));
    }

    /**
     * Upserts many locations in one JDBC batch, sorted, so two transactions upserting the same
     * rows lock them in the same order (no deadlock between partitions).
     */
    public void rememberAll(Collection<BlobLocation> locations) {
        if (locations.isEmpty()) {
            return;
        }
        List<BlobLocation> sorted = locations.stream().distinct()
                .sorted(Comparator.comparingLong(BlobLocation::registryId)
                        .thenComparing(l -> l.digest().toString())
                        .thenComparing(l -> l.repository().value()))
                .toList();
        jdbc.batchUpdate(UPSERT, sorted, sorted.size(), (ps, l) -> {
            ps.setLong(1, l.registryId());
            ps.setString(2, l.repository().value());
            ps.setString(3, l.digest().toString());
            ps.setLong(4, l.size());
        });
    }

    @Override
    public void forget(long registryId, RepositoryName repository, Digest digest) {
        jdbc.update("DELETE FROM blob_locations WHERE registry_id = ? AND repository = ? AND digest = ?",
                registryId, repository.value(), digest.toString());
    }
}
