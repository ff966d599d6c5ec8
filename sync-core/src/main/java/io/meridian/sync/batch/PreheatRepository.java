package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.p2p.PreheatJob;
import io.meridian.sync.p2p.PreheatResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The owner of {@code tasks.preheat} (the preheat step's record on a copied task): the step's reader (copied
 * tasks of the execution, landing in registries with an engine, not yet preheated: a restart resumes where it
 * stopped) and its writer.
 */
public final class PreheatRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public PreheatRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcPagingItemReader<PreheatTask> copiedTasks(UUID executionId, Collection<Long> registryIds, int pageSize) {
        PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
        query.setSelectClause("id, reference, digest, media_type, destination_registry_id, destination_repository");
        query.setFromClause("tasks");
        // ids are longs from the plan, not user input
        String registries = registryIds.isEmpty() ? "-1"
                : registryIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        query.setWhereClause("execution_id = :executionId AND state = 'COPIED' AND preheat IS NULL"
                + " AND digest IS NOT NULL AND destination_registry_id IN (" + registries + ")");
        query.setSortKeys(Map.of("id", Order.ASCENDING));
        try {
            return new JdbcPagingItemReaderBuilder<PreheatTask>()
                    .name("copiedTasks")
                    .dataSource(dataSource)
                    .queryProvider(query)
                    .parameterValues(Map.of("executionId", executionId))
                    .pageSize(pageSize)
                    .saveState(false)
                    .rowMapper((rs, i) -> new PreheatTask(rs.getLong("id"), Reference.parse(rs.getString("reference")),
                            Digest.parse(rs.getString("digest")), rs.getString("media_type"),
                            rs.getLong("destination_registry_id"),
                            RepositoryName.parse(rs.getString("destination_repository"))))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("copied-task reader: " + e.getMessage(), e);
        }
    }

    void record(List<PreheatOutcome> outcomes) {
        jdbc.batchUpdate("UPDATE tasks SET preheat = CAST(? AS jsonb) WHERE id = ?", outcomes, outcomes.size(),
                (ps, o) -> {
                    ps.setString(1, json(o.results()));
                    ps.setLong(2, o.taskId());
                });
    }

    /**
     * The task's {@code preheat}: the first engine's result as
     * {@code {"engine","jobIds","state","peersWithAllLayers","durationMillis","error","jobs":[…]}}; further engines of
     * the same region, if the policy names several, under {@code "others"}.
     */
    static String json(List<PreheatResult> results) {
        Map<String, Object> first = view(results.get(0));
        if (results.size() > 1) {
            first.put("others", results.subList(1, results.size()).stream().map(PreheatRepository::view).toList());
        }
        return JSON.writeValueAsString(first);
    }

    private static Map<String, Object> view(PreheatResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", r.engine());
        m.put("jobIds", r.jobIds());
        m.put("state", r.state().name());
        m.put("peersWithAllLayers", r.peersWithAllLayers() < 0 ? null : r.peersWithAllLayers());
        m.put("durationMillis", r.durationMillis());
        m.put("error", r.error());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (PreheatJob j : r.jobs()) {
            Map<String, Object> jm = new LinkedHashMap<>();
            jm.put("id", j.id());
            jm.put("platform", j.platform());
            jm.put("state", j.state().name());
            jm.put("layers", j.layers() < 0 ? null : j.layers());
            jm.put("layersCached", j.layersCached() < 0 ? null : j.layersCached());
            jm.put("peersWithAllLayers", j.peersWithAllLayers() < 0 ? null : j.peersWithAllLayers());
            jm.put("error", j.error());
            jobs.add(jm);
        }
        m.put("jobs", jobs);
        return m;
    }

    /** An execution's preheats by state ({@code SUCCESS}, {@code PREHEAT_UNVERIFIED}, {@code FAILURE}). */
    public Map<String, Long> countByState(UUID executionId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT preheat->>'state', count(*) FROM tasks WHERE execution_id = ? AND preheat IS NOT NULL"
                + " GROUP BY 1", rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, executionId);
        return counts;
    }
}
