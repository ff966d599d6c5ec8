package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SchedulingInfrastructureTest extends ServerTestBase {

    @Autowired
    Scheduler scheduler;

    @Test
    void quartzRunsClusteredOnTheJdbcJobStore() throws SchedulerException {
        var meta = scheduler.getMetaData();
        assertThat(meta.isJobStoreClustered()).isTrue();
        assertThat(meta.isJobStoreSupportsPersistence()).isTrue();
        assertThat(JdbcClient.create(DB.dataSource()).sql("select count(*) from qrtz_scheduler_state")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void flywayOwnsTheSchemaAndRanEveryMigration() {
        assertThat(JdbcClient.create(DB.dataSource())
                .sql("select count(*) from flyway_schema_history where success and version in ('1','2','3')")
                .query(Long.class).single()).isEqualTo(3L);
    }
}
