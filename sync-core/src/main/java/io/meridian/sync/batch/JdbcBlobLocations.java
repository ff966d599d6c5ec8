package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.BlobLocations;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link BlobLocations} in the {@code blob_locations} table. */
public final class JdbcBlobLocations implements BlobLocations {

    private static final int MAX_CANDIDATES = 3;

    private final JdbcTemplate jdbc;

    public JdbcBlobLocations(DataSource dataSource) {
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
        jdbc.update("""
                INSERT INTO blob_locations (registry_id, repository, digest, size, seen_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (registry_id, digest, repository) DO UPDATE SET seen_at = now(), size = EXCLUDED.size""",
                registryId, repository.value(), digest.toString(), size);
    }

    @Override
    public void forget(long registryId, RepositoryName repository, Digest digest) {
        jdbc.update("DELETE FROM blob_locations WHERE registry_id = ? AND repository = ? AND digest = ?",
                registryId, repository.value(), digest.toString());
    }
}
