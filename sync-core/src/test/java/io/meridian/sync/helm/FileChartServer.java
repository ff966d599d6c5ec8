package io.meridian.sync.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain HTTP chart repository: static files from a directory under {@code /<path>/} (JDK HttpServer on a loopback
 * port), optionally behind Basic auth, recording which requests carried an Authorization header.
 */
public final class FileChartServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Path root;
    private final String path;
    private final String expectedAuth;
    final List<String> authorizedRequests = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    public FileChartServer(Path root, String path, String user, String password) {
        this.root = root;
        this.path = path;
        this.expectedAuth = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    URI origin() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String p = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + p);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizedRequests.add(p);
            }
            if (expectedAuth != null && !expectedAuth.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=charts");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            if (!ex.getRequestMethod().equals("GET") || !p.startsWith(path) || p.contains("..")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            Path file = root.resolve(p.substring(path.length()).replaceAll("^/+", ""));
            if (!Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
