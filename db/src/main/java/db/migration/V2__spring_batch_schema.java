package db.migration;

import io.meridian.db.VendorSqlScript;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Spring Batch 6's job repository tables, from the PostgreSQL script Spring Batch ships in
 * spring-batch-core ({@value #SCRIPT}). Running theirs keeps us exactly on the schema
 * the Batch version on the classpath expects.
 */
public class V2__spring_batch_schema extends BaseJavaMigration {

    static final String SCRIPT = "org/springframework/batch/core/schema-postgresql.sql";

    @Override
    public void migrate(Context context) throws Exception {
        VendorSqlScript.load(V2__spring_batch_schema.class.getClassLoader(), SCRIPT)
                .execute(context.getConnection());
    }
}
