package io.meridian.server.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.paths.PathEstimates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** This node's endpoint estimates survive a restart: persisted under its region, restored for that region only. */
class EstimateStoreTest extends ServerTestBase {

    @Test
    void persistedEstimatesAreRestoredForTheSameRegionOnly() {
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        String registry = unique("es-reg");
        String region = unique("es-region");
        String node = unique("ldn");
        jdbc.update("INSERT INTO regions (name) VALUES (?)", region);
        jdbc.update("INSERT INTO registries (name, region_id, url, insecure) SELECT ?, id, 'http://127.0.0.1:1',"
                + " true FROM regions WHERE name = ?", registry, region);
        PathEstimates measured = new PathEstimates();
        Instant probed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PathEstimates.Meter fast = measured.meter(registry, "fast");
        fast.rtt(20_000_000);
        fast.body(40_000_000, 1_000_000_000);
        fast.outcome(false);
        fast.probed(probed);
        measured.meter(unique("es-gone"), "x").rtt(1_000_000); // a registry deleted meanwhile: skipped, not an error
        new EstimateStore(jdbc, measured, Optional.of(node)).persist();

        PathEstimates restarted = new PathEstimates();
        new EstimateStore(jdbc, restarted, Optional.of(node)).restore();
        PathEstimates.Snapshot back = restarted.snapshot().get(registry + "/fast");
        assertThat(back).isEqualTo(fast.snapshot());
        assertThat(back.lastProbeAt()).isEqualTo(probed);

        PathEstimates elsewhere = new PathEstimates();
        new EstimateStore(jdbc, elsewhere, Optional.of("hz")).restore();
        assertThat(elsewhere.snapshot()).doesNotContainKey(registry + "/fast");
    }
}
