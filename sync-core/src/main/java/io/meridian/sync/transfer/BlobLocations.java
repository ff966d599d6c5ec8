package io.meridian.sync.transfer;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where Meridian last saw each blob ({@code blob_locations}): lets the copier mount a blob
 * from another repository of the same registry instead of uploading it again. A hint only:
 * a failed mount forgets the location and the registry's answer wins.
 */
public final class BlobLocations {

    private static final int MAX_CANDIDATES = 3;

    private final JdbcTemplate jdbc;

    public BlobLocations(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Up to three other repositories of {@code registryId} believed to hold {@code digest}, newest first. */
    public List<RepositoryName> candidates(long registryId, Digest digest, RepositoryName except) {
        return jdbc.query("""
                SELECT repository FROM blob_locations
                 WHERE registry_id = ? AND digest = ? AND repository <> ?
                 ORDER BY seen_at DESC LIMIT ?""",
                (rs, i) -> RepositoryName.parse(rs.getString(1)),
                registryId, digest.toString(), except.value(), MAX_CANDIDATES);
    }

    public void remember(long registryId, RepositoryName repository, Digest digest, long size) {
        jdbc.update("""
                INSERT INTO blob_locations (registry_id, repository, digest, size, seen_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (registry_id, digest, repository) DO UPDATE SET seen_at = now(), size = EXCLUDED.size""",
                registryId, repository.value(), digest.toString(), size);
    }

    public void forget(long registryId, RepositoryName repository, Digest digest) {
        jdbc.update("DELETE FROM blob_locations WHERE registry_id = ? AND repository = ? AND digest = ?",
                registryId, repository.value(), digest.toString());
    }
}
