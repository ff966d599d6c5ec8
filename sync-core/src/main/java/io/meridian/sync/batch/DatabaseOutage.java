package io.meridian.sync.batch;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a lost or refused database connection (a PostgreSQL restart or fail-over, the pool's connect timeout)
 * from every other failure: a job that failed because of one must not end its execution FAILED — the work is not
 * at fault; the execution stays active and {@code ExecutionRecovery} runs its job again once the database answers.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when {@code failure} or one of its causes says the database connection was lost or refused. */
    public static boolean isCause(Throwable failure) {
        return isCause(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean isCause(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exceptions; admin/crash shutdown, cannot connect now
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && CLOSED.equals(sql.getMessage())) {
                return true; // the pool's stand-in for a connection it evicted as broken (no SQL state)
            }
            // a rollback that failed on a dead connection hides the failure that caused it: look at that too
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
                    && isCause(tx.getApplicationException(), seen)) {
                return true;
            }
        }
        return false;
    }

    /** HikariCP's message for a call on a connection it closed (evicted as broken). */
    private static final String CLOSED = "Connection is closed";
}
