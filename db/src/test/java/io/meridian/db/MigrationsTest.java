package io.meridian.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static TestDatabase db;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void createsMeridianBatchAndQuartzTables() throws SQLException {
        List<String> tables = strings("select table_name from information_schema.tables "
                + "where table_schema = 'public' order by table_name");
        assertThat(tables).contains("regions", "registries", "region_links", "p2p_engines", "policies",
                "executions", "tasks", "blob_transfers", "blob_locations", "api_tokens", "audit_log");
        assertThat(tables).contains("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
                "batch_step_execution", "batch_step_execution_context", "batch_job_execution_context");
        assertThat(tables).contains("qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks",
                "qrtz_fired_triggers", "qrtz_scheduler_state");
        assertThat(strings("select sequence_name from information_schema.sequences"))
                .contains("batch_job_instance_seq", "batch_job_execution_seq", "batch_step_execution_seq");
    }

    @Test
    void secondMigrateIsANoOp() {
        MigrateResult again = MeridianMigrations.migrate(db.dataSource());
        assertThat(again.migrationsExecuted).isZero();
        assertThat(MeridianMigrations.flyway(db.dataSource()).info().applied()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void tasksHaveTheExecutionStateIndex() throws SQLException {
        assertThat(strings("select indexdef from pg_indexes where tablename = 'tasks'"))
                .anySatisfy(def -> assertThat(def).contains("(execution_id, state)"));
        assertThat(strings("select indexdef from pg_indexes where tablename = 'blob_locations'"))
                .anySatisfy(def -> assertThat(def).contains("(registry_id, digest)"));
    }

    /**
     * Every foreign key of Meridian's own tables (all but batch_* and qrtz_*) has an index starting with its columns; otherwise a
     * delete of the referenced row scans the whole referencing table. Spring Batch and Quartz tables are theirs.
     */
    @Test
    void everyForeignKeyOfMeridiansTablesIsIndexed() throws SQLException {
        List<String> unindexed = strings("""
                select c.conrelid::regclass || '(' || (select string_agg(a.attname, ',') from pg_attribute a
                    where a.attrelid = c.conrelid and a.attnum = any(c.conkey)) || ')'
                from pg_constraint c
                where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
                  and c.conrelid::regclass::text not like 'batch\\_%' and c.conrelid::regclass::text not like 'qrtz\\_%'
                  and not exists (
                      select 1 from pg_index i where i.indrelid = c.conrelid
                        and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] = c.conkey)
                """);
        assertThat(unindexed).as("foreign keys without an index").isEmpty();
        assertThat(strings("select count(*)::text from pg_constraint where contype = 'f'"
                + " and conrelid::regclass::text in ('executions', 'blob_transfers', 'region_links', 'execution_registry_bytes')"))
                .as("the check saw the foreign keys it guards").containsExactly("8");
    }

    @Test
    void regionAndRegistryNamesAreUnique() throws SQLException {
        exec("insert into regions(name) values ('uniq-a')");
        assertThatThrownBy(() -> exec("insert into regions(name) values ('uniq-a')"))
                .hasMessageContaining("regions_name_uk");
        exec("insert into registries(name, region_id, url) select 'reg-uniq', id, 'http://x' from regions where name='uniq-a'");
        assertThatThrownBy(() -> exec(
                "insert into registries(name, region_id, url) select 'reg-uniq', id, 'http://y' from regions where name='uniq-a'"))
                .hasMessageContaining("registries_name_uk");
    }

    @Test
    void aRegionInUseCannotBeDeleted() throws SQLException {
        exec("insert into regions(name) values ('in-use')");
        exec("insert into registries(name, region_id, url) select 'in-use-reg', id, 'http://x' from regions where name='in-use'");
        assertThatThrownBy(() -> exec("delete from regions where name = 'in-use'"))
                .hasMessageContaining("registries_region_id_fkey");
    }

    @Test
    void deletingAPolicyKeepsItsExecutions() throws SQLException {
        UUID id = UUID.randomUUID();
        exec("insert into policies(name, definition) values ('keep-history', '{}'::jsonb)");
        exec("insert into executions(id, policy_id, policy_name, status, trigger) "
                + "select '" + id + "', id, name, 'SUCCEEDED', 'manual' from policies where name = 'keep-history'");
        exec("delete from policies where name = 'keep-history'");
        assertThat(strings("select policy_name || ':' || coalesce(policy_id::text, 'null') from executions where id = '" + id + "'"))
                .containsExactly("keep-history:null");
    }

    @Test
    void aPolicyHasAtMostOneActiveExecution() throws SQLException {
        exec("insert into executions(id, policy_name, status, trigger) values ('" + UUID.randomUUID() + "', 'busy', 'RUNNING', 'manual')");
        exec("insert into executions(id, policy_name, status, trigger) values ('" + UUID.randomUUID() + "', 'busy', 'SUCCEEDED', 'manual')");
        assertThatThrownBy(() -> exec("insert into executions(id, policy_name, status, trigger) values ('"
                + UUID.randomUUID() + "', 'busy', 'QUEUED', 'manual')"))
                .hasMessageContaining("executions_one_active_per_policy");
    }

    @Test
    void aTaskIsUniquePerArtifactAndDestinationAndValidatesState() throws SQLException {
        UUID id = UUID.randomUUID();
        exec("insert into regions(name) values ('task-r')");
        exec("insert into registries(name, region_id, url) select 'task-reg', id, 'http://x' from regions where name='task-r'");
        exec("insert into executions(id, policy_name, status, trigger) values ('" + id + "', 'task-p', 'SUCCEEDED', 'manual')");
        String insert = "insert into tasks(execution_id, source_repository, reference, destination_registry_id, "
                + "destination_repository, state) select '" + id + "', 'team/app', 'v1', id, 'team/app', '%s' "
                + "from registries where name = 'task-reg'";
        exec(insert.formatted("PENDING"));
        assertThatThrownBy(() -> exec(insert.formatted("PENDING"))).hasMessageContaining("tasks_artifact_destination_uk");
        assertThatThrownBy(() -> exec(insert.replace("'v1'", "'v2'").formatted("HALF_DONE")))
                .hasMessageContaining("tasks_state_ck");
    }

    @Test
    void blobLocationsAreUniquePerRegistryDigestAndRepository() throws SQLException {
        exec("insert into regions(name) values ('bl-r')");
        exec("insert into registries(name, region_id, url) select 'bl-reg', id, 'http://x' from regions where name='bl-r'");
        String insert = "insert into blob_locations(registry_id, repository, digest, size) "
                + "select id, '%s', 'sha256:" + "a".repeat(64) + "', 1 from registries where name = 'bl-reg'";
        exec(insert.formatted("one"));
        exec(insert.formatted("two"));
        assertThatThrownBy(() -> exec(insert.formatted("one"))).hasMessageContaining("blob_locations_uk");
    }

    @Test
    void apiTokensStoreOnlyAHexSha256() {
        assertThatThrownBy(() -> exec("insert into api_tokens(name, token_sha256) values ('plain', '" + "Z".repeat(64) + "')"))
                .hasMessageContaining("api_tokens_hash_ck");
    }

    @Test
    void vendorScriptSplitterDropsCommentsAndCommit() {
        assertThat(VendorSqlScript.split("-- c; x\nCREATE TABLE a (x int);\n\n-- y\nCREATE INDEX i ON a (x);\nCOMMIT;\n"))
                .containsExactly("CREATE TABLE a (x int)", "CREATE INDEX i ON a (x)");
    }

    @Test
    void testDatabaseDropsItselfOnClose() throws SQLException {
        String name;
        try (TestDatabase other = TestDatabase.createEmpty()) {
            name = other.name();
            assertThat(strings("select datname from pg_database")).contains(name);
        }
        assertThat(strings("select datname from pg_database")).doesNotContain(name);
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
