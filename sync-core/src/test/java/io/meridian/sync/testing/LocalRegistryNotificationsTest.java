package io.meridian.sync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The harness's notification option: the registry POSTs push events with the configured headers. */
class LocalRegistryNotificationsTest {

    @Test
    void deliversPushEventsWithConfiguredHeaders() throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/events", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                events.add(ex.getRequestHeaders().getFirst("X-Secret") + " " + new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
                ex.sendResponseHeaders(200, -1);
            }
        });
        sink.start();
        String url = "http://127.0.0.1:" + sink.getAddress().getPort() + "/events";
        try (LocalRegistry registry = LocalRegistry.builder().withNotifications(url, Map.of("X-Secret", "s3")).start()) {
            RegistryClient client = new RegistryClient(OciTransport.create(), registry.endpoint());
            TestImages.push(client, RepositoryName.parse("team/notify"), "v1", new TestImages(5).ociImage(1, 100));
            boolean sawManifestPush = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!sawManifestPush && System.nanoTime() < deadline) {
                String event = events.poll(1, TimeUnit.SECONDS);
                // distribution pretty-prints the envelope: match with whitespace allowed
                if (event != null && event.matches("(?s).*\"action\":\\s*\"push\".*")
                        && event.matches("(?s).*\"tag\":\\s*\"v1\".*")) {
                    assertThat(event).startsWith("s3 ").contains("team/notify");
                    sawManifestPush = true;
                }
            }
            assertThat(sawManifestPush).as("push event for team/notify:v1 within 20 s").isTrue();
        } finally {
            sink.stop(0);
        }
    }
}
