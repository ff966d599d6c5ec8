package io.meridian.server.notifications;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one writer of {@code notifications}. The secret column is ciphertext; only {@link #secretCiphertext} reads it. */
@Repository
public class NotificationRepository {

    private static final String COLUMNS = "name, url, events, created_at";

    private final JdbcClient jdbc;

    public NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the name is taken */
    public boolean insert(String name, String url, List<String> events, byte[] secretCiphertext) {
        return jdbc.sql("""
                        INSERT INTO notifications (name, url, events, secret_ciphertext)
                        VALUES (:name, :url, CAST(:events AS TEXT[]), :secret)
                        ON CONFLICT ON CONSTRAINT notifications_name_uk DO NOTHING""")
                .param("name", name).param("url", url).param("events", "{" + String.join(",", events) + "}")
                .param("secret", secretCiphertext, java.sql.Types.BINARY)
                .update() == 1;
    }

    public Optional<NotificationView> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE name = ?").param(name)
                .query(NotificationRepository::view).optional();
    }

    public List<NotificationView> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications ORDER BY name").query(NotificationRepository::view).list();
    }

    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM notifications WHERE name = ?").param(name).update() == 1;
    }

    /** For the dispatcher: the stored secret, encrypted under {@code notification:<name>}. */
    public Optional<byte[]> secretCiphertext(String name) {
        return jdbc.sql("SELECT secret_ciphertext FROM notifications WHERE name = ?").param(name)
                .query((rs, i) -> rs.getBytes(1)).optional();
    }

    private static NotificationView view(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("events");
        return new NotificationView(rs.getString("name"), rs.getString("url"),
                Arrays.asList((String[]) events.getArray()), rs.getObject("created_at", OffsetDateTime.class));
    }
}
