package io.meridian.server.api.regions;

import io.meridian.regions.Region;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code regions} table. Plain SQL through {@link JdbcClient}; the caller owns the transaction. */
@Repository
public class RegionRepository {

    private static final String COLUMNS = "name, display_name, jurisdiction, created_at, updated_at, nodes,"
            + " origin_bandwidth_mbps";

    private final JdbcClient jdbc;

    public RegionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the stored region, or empty when the name is taken */
    public Optional<RegionView> insert(Region region) {
        return jdbc.sql("INSERT INTO regions (name, display_name, jurisdiction, nodes, origin_bandwidth_mbps)"
                        + " VALUES (:name, :displayName, :jurisdiction, :nodes, :originBandwidth)"
                        + " ON CONFLICT ON CONSTRAINT regions_name_uk DO NOTHING RETURNING " + COLUMNS)
                .param("name", region.name())
                .param("displayName", region.displayName())
                .param("jurisdiction", region.jurisdiction())
                .param("nodes", region.nodes(), java.sql.Types.INTEGER)
                .param("originBandwidth", region.originBandwidthMbps(), java.sql.Types.DOUBLE)
                .query(RegionRepository::view).optional();
    }

    public Optional<RegionView> update(Region region) {
        return jdbc.sql("UPDATE regions SET display_name = :displayName, jurisdiction = :jurisdiction, nodes = :nodes,"
                        + " origin_bandwidth_mbps = :originBandwidth, updated_at = now()"
                        + " WHERE name = :name RETURNING " + COLUMNS)
                .param("name", region.name())
                .param("displayName", region.displayName())
                .param("jurisdiction", region.jurisdiction())
                .param("nodes", region.nodes(), java.sql.Types.INTEGER)
                .param("originBandwidth", region.originBandwidthMbps(), java.sql.Types.DOUBLE)
                .query(RegionRepository::view).optional();
    }

    public Optional<RegionView> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM regions WHERE name = :name").param("name", name)
                .query(RegionRepository::view).optional();
    }

    /** Locks the row so that nothing can start referring to it until the transaction ends. */
    public boolean lockForDelete(String name) {
        return jdbc.sql("SELECT id FROM regions WHERE name = :name FOR UPDATE").param("name", name)
                .query(Long.class).optional().isPresent();
    }

    /** Locks the row against deletion while a registry is being attached to it. */
    public boolean lockForReference(String name) {
        return jdbc.sql("SELECT id FROM regions WHERE name = :name FOR SHARE").param("name", name)
                .query(Long.class).optional().isPresent();
    }

    public List<RegionView> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM regions ORDER BY name").query(RegionRepository::view).list();
    }

    /** What still points at the region: "registries hz, ldn" and "P2P engines df-hz". */
    public List<String> usages(String name) {
        List<String> registries = jdbc.sql("SELECT r.name FROM registries r JOIN regions g ON g.id = r.region_id"
                + " WHERE g.name = :name ORDER BY r.name").param("name", name).query(String.class).list();
        List<String> engines = jdbc.sql("SELECT e.name FROM p2p_engines e JOIN regions g ON g.id = e.region_id"
                + " WHERE g.name = :name ORDER BY e.name").param("name", name).query(String.class).list();
        List<String> usages = new java.util.ArrayList<>();
        if (!registries.isEmpty()) {
            usages.add("registries " + String.join(", ", registries));
        }
        if (!engines.isEmpty()) {
            usages.add("P2P engines " + String.join(", ", engines));
        }
        return usages;
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM regions WHERE name = :name").param("name", name).update() == 1;
    }

    private static RegionView view(ResultSet rs, int row) throws SQLException {
        return new RegionView(rs.getString("name"), rs.getString("display_name"), rs.getString("jurisdiction"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("nodes", Integer.class), rs.getObject("origin_bandwidth_mbps", Double.class));
    }
}
