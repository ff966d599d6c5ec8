package io.meridian.server.api.regions;

import io.meridian.regions.Link;
import io.meridian.regions.LinkGraph;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code region_links} table, and the {@link LinkGraph} built from it. A row whose figures
 * are not all known yet (a probe may fill them later) is not routed over.
 */
@Repository
public class RegionLinkRepository {

    private static final String SELECT = "SELECT f.name AS from_region, t.name AS to_region, l.latency_ms, l.bandwidth_mbps,"
            + " l.cost_per_gb FROM region_links l JOIN regions f ON f.id = l.from_region_id JOIN regions t ON t.id = l.to_region_id";

    private final JdbcClient jdbc;

    public RegionLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates or replaces the link; both regions must exist (the caller checked and locked them). */
    public void upsert(Link link) {
        jdbc.sql("INSERT INTO region_links (from_region_id, to_region_id, latency_ms, bandwidth_mbps, cost_per_gb)"
                        + " SELECT f.id, t.id, :latency, :bandwidth, :cost FROM regions f, regions t WHERE f.name = :from AND t.name = :to"
                        + " ON CONFLICT ON CONSTRAINT region_links_pair_uk DO UPDATE SET latency_ms = EXCLUDED.latency_ms,"
                        + " bandwidth_mbps = EXCLUDED.bandwidth_mbps, cost_per_gb = EXCLUDED.cost_per_gb, updated_at = now()")
                .param("from", link.from())
                .param("to", link.to())
                .param("latency", link.latencyMs())
                .param("bandwidth", link.bandwidthMbps())
                .param("cost", link.costPerGb())
                .update();
    }

    public boolean delete(String from, String to) {
        return jdbc.sql("DELETE FROM region_links l USING regions f, regions t WHERE f.id = l.from_region_id"
                        + " AND t.id = l.to_region_id AND f.name = :from AND t.name = :to")
                .param("from", from).param("to", to).update() == 1;
    }

    /** The link from {@code from} to {@code to}, if its figures are known (the audit's "before"). */
    public java.util.Optional<Link> find(String from, String to) {
        return jdbc.sql(SELECT + " WHERE f.name = :from AND t.name = :to AND l.latency_ms IS NOT NULL"
                        + " AND l.bandwidth_mbps IS NOT NULL AND l.cost_per_gb IS NOT NULL")
                .param("from", from).param("to", to).query(RegionLinkRepository::link).optional();
    }

    /** Links whose figures are all known, ordered by (from, to). */
    public List<Link> list() {
        return jdbc.sql(SELECT + " WHERE l.latency_ms IS NOT NULL AND l.bandwidth_mbps IS NOT NULL AND l.cost_per_gb IS NOT NULL"
                + " ORDER BY f.name, t.name").query(RegionLinkRepository::link).list();
    }

    /** Every region, and every fully known link between them. */
    public LinkGraph graph() {
        LinkGraph.Builder builder = LinkGraph.builder();
        jdbc.sql("SELECT name FROM regions ORDER BY name").query(String.class).list().forEach(builder::region);
        list().forEach(builder::link);
        return builder.build();
    }

    private static Link link(ResultSet rs, int row) throws SQLException {
        return new Link(rs.getString("from_region"), rs.getString("to_region"), rs.getDouble("latency_ms"),
                rs.getDouble("bandwidth_mbps"), rs.getDouble("cost_per_gb"));
    }
}
