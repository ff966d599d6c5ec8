package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which job failures are the database going away (the execution stays active and is resumed) and which are real
 * failures (the execution ends FAILED). The shapes are those a PostgreSQL restart produced in PostgresRestartIT.
 */
class DatabaseOutageTest {

    @Test
    void aRollbackOnAConnectionThePoolClosedHidingABrokenPipeIsAnOutage() {
        // what PostgresRestartIT's first run recorded: the write failed with 08006, the rollback then on a closed
        // connection (no SQL state), the rollback exception overriding the write's
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("write",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertThat(DatabaseOutage.isCause(new FatalStepExecutionException("Unable to process chunk",
                new RuntimeException("Retry policy exhausted", rollback)))).isTrue();
    }

    @Test
    void connectionStatesAndPoolTimeoutsAreOutages() {
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("terminating connection due to "
                + "administrator command", "57P01")))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLTransientConnectionException("meridian - Connection is not "
                + "available, request timed out after 30000ms"))).isTrue();
        assertThat(DatabaseOutage.isCause(new CannotCreateTransactionException("Could not open JDBC Connection"))).isTrue();
        assertThat(DatabaseOutage.isCause(new SQLException("Connection is closed"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutage.isCause(new TransactionSystemException("JDBC commit failed",
                new SQLException("could not serialize access", "40001")))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalStateException("registry answered 500"))).isFalse();
        assertThat(DatabaseOutage.isCause(null)).isFalse();
    }
}
