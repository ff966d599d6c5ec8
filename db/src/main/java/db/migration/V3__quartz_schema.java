package db.migration;

import io.meridian.db.VendorSqlScript;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Quartz 2.5's JDBC job store tables, from the PostgreSQL script shipped inside the quartz
 * jar ({@value #SCRIPT}). Its leading {@code DROP TABLE IF EXISTS} lines are harmless on a
 * fresh history; its trailing {@code COMMIT} is skipped (Flyway owns the transaction).
 */
public class V3__quartz_schema extends BaseJavaMigration {

    static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public void migrate(Context context) throws Exception {
        VendorSqlScript.load(V3__quartz_schema.class.getClassLoader(), SCRIPT)
                .execute(context.getConnection());
    }
}
