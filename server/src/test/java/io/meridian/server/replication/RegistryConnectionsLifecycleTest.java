package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.transfer.GuardedRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every registry client the engine opens is closed again: on edit, on delete, on a change made by another node. */
@ExtendWith(OutputCaptureExtension.class)
class RegistryConnectionsLifecycleTest extends ServerTestBase {

    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);

    @Autowired
    private RegistryConnections connections;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void editingARegistryClosesItsClientAndTheNextOpenMakesANewOne(CapturedOutput output) {
        String name = register("life-edit-" + RUN);
        GuardedRegistry before = connections.open(name);
        assertThat(connections.open(name)).as("unchanged registry: same client").isSameAs(before);

        HttpResponse<String> edited = putJson("/api/v1/registries/" + name, body(name, "http://127.0.0.1:2"));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);

        assertThat(connections.cached(name)).as("evicted on edit").isEmpty();
        assertThat(output.getOut()).contains("registry " + name + " changed: its client is closed");
        GuardedRegistry after = connections.open(name);
        assertThat(after).isNotSameAs(before);
        assertThat(connections.cached(name)).contains(after);
    }

    @Test
    void deletingARegistryEvictsAndClosesItsClient(CapturedOutput output) {
        String name = register("life-delete-" + RUN);
        connections.open(name);
        assertThat(connections.cached(name)).isPresent();

        HttpResponse<String> deleted = delete("/api/v1/registries/" + name);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        assertThat(connections.cached(name)).as("evicted on delete").isEmpty();
        assertThat(output.getOut()).contains("registry " + name + " deleted: its client is closed");
        assertThatThrownBy(() -> connections.open(name)).hasMessageContaining("does not exist");
    }

    @Test
    void aChangeMadeElsewhereReplacesAndClosesTheClientOnNextOpen(CapturedOutput output) {
        String name = register("life-node-" + RUN);
        GuardedRegistry before = connections.open(name);

        // another node edited the row: no event here, only the row's version changed
        assertThat(jdbc.update("UPDATE registries SET updated_at = updated_at + interval '1 second' WHERE name = ?",
                name)).isEqualTo(1);

        GuardedRegistry after = connections.open(name);
        assertThat(after).isNotSameAs(before);
        assertThat(connections.cached(name)).contains(after);
        assertThat(output.getOut()).contains("registry " + name + " changed: its client is closed");

        // and a row deleted elsewhere is evicted by the next open that misses it
        jdbc.update("DELETE FROM registries WHERE name = ?", name);
        assertThatThrownBy(() -> connections.open(name)).hasMessageContaining("does not exist");
        assertThat(connections.cached(name)).isEmpty();
        assertThat(output.getOut()).contains("registry " + name + " deleted: its client is closed");
    }

    private String register(String name) {
        String region = name + "-r";
        HttpResponse<String> r = postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> created = postJson("/api/v1/registries", body(name, "http://127.0.0.1:1"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static String body(String name, String url) {
        return "{\"name\":\"" + name + "\",\"region\":\"" + name + "-r\",\"url\":\"" + url + "\",\"insecure\":true}";
    }
}
