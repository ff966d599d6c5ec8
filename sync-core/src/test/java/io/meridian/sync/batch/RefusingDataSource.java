package io.meridian.sync.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A connection pool whose database can be made to go away: while {@link #refuse refusing}, every connection request
 * fails the way HikariCP's does when PostgreSQL does not answer (a {@link SQLTransientConnectionException} after its
 * connection timeout, here at once). Connections already handed out are not touched: the engine holds none between
 * its short transactions.
 */
final class RefusingDataSource extends DelegatingDataSource {

    private volatile boolean refusing;
    private final AtomicInteger refused = new AtomicInteger();

    RefusingDataSource(DataSource pool) {
        super(pool);
    }

    /** From now on the database is unreachable. */
    void refuse() {
        refusing = true;
    }

    /** The database answers again. */
    void accept() {
        refusing = false;
    }

    boolean refusing() {
        return refusing;
    }

    /** Connection requests refused so far. */
    int refused() {
        return refused.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseIfDown();
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseIfDown();
        return super.getConnection(username, password);
    }

    private void refuseIfDown() throws SQLTransientConnectionException {
        if (refusing) {
            refused.incrementAndGet();
            throw new SQLTransientConnectionException(
                    "meridian-test - Connection is not available, request timed out after 30000ms (database refused)");
        }
    }
}
