package io.meridian.sync.oci;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A scriptable HTTP server (JDK HttpServer) for status-code edge cases a real registry won't produce on demand. Public
 * so that the engine's tests can build hostile registries on it ({@code io.meridian.sync.testing.HostileRegistry}).
 */
public final class StubServer implements AutoCloseable {

    /** What the stub received. */
    public record Received(String method, String rawUri, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    public interface Handler {
        void handle(Received req, Response resp) throws IOException;
    }

    /** Response builder handed to a handler. */
    public static final class Response {
        private final HttpExchange ex;
        private final CountDownLatch closing;
        private boolean sent;

        Response(HttpExchange ex, CountDownLatch closing) {
            this.ex = ex;
            this.closing = closing;
        }

        public Response header(String name, String value) {
            ex.getResponseHeaders().add(name, value);
            return this;
        }

        public void send(int status, byte[] body) throws IOException {
            sent = true;
            if (body == null || body.length == 0) {
                ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? 0 : -1);
                return;
            }
            ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        public void send(int status, String body) throws IOException {
            send(status, body.getBytes(StandardCharsets.UTF_8));
        }

        public void send(int status) throws IOException {
            send(status, (byte[]) null);
        }

        /** Declares {@code declared} bytes but writes only {@code body}, then drops the connection. */
        void sendTruncated(int status, byte[] body, long declared) throws IOException {
            sent = true;
            ex.sendResponseHeaders(status, declared);
            OutputStream out = ex.getResponseBody();
            out.write(body);
            out.flush();
            ex.getHttpContext().getServer(); // keep reference
            throw new IOException("truncating on purpose");
        }

        /** Declares {@code declared} bytes, writes {@code body}, then goes silent with the connection open until the stub closes. */
        void sendStalling(int status, byte[] body, long declared) throws IOException {
            sent = true;
            ex.sendResponseHeaders(status, declared);
            OutputStream out = ex.getResponseBody();
            out.write(body);
            out.flush();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled on purpose");
        }

        /**
         * Streams {@code length} bytes of {@code body} (with a {@code Content-Length} of {@code declared}; -1: chunked,
         * no length) in 64 KiB writes, adding every byte written to {@code sent}; stops quietly when the client goes
         * away. What {@code sent} then holds is what the client read plus what the sockets' buffers took.
         */
        public void sendCounting(int status, InputStream body, long length, long declared,
                                 java.util.concurrent.atomic.AtomicLong sent) throws IOException {
            this.sent = true;
            ex.sendResponseHeaders(status, declared < 0 ? 0 : declared);
            OutputStream out = ex.getResponseBody();
            byte[] buf = new byte[64 * 1024];
            long left = length;
            try {
                while (left > 0) {
                    int n = body.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    sent.addAndGet(n);
                    left -= n;
                }
                out.close();
            } catch (IOException clientGone) {
                throw new IOException("client went away after " + sent.get() + " bytes", clientGone);
            }
        }

        /** Answers nothing at all: the request hangs, the connection open, until the stub closes. */
        public void hang() throws IOException {
            sent = true;
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("silent on purpose");
        }

        /** Sends {@code body} one byte per {@code interval}: each read gets data, the whole body takes long. */
        void sendDripping(int status, byte[] body, Duration interval) throws IOException {
            sent = true;
            ex.sendResponseHeaders(status, body.length);
            OutputStream out = ex.getResponseBody();
            try {
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    if (closing.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IOException("stub closing");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            out.close();
        }
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public RegistryEndpoint endpoint(Credentials c) {
        return RegistryEndpoint.insecure(url(), c);
    }

    /** Routes {@code method} + a regex over the raw path (no query). Later routes win. */
    public StubServer on(String method, String pathRegex, Handler h) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex), h));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String method, String pathPrefix) {
        return received.stream().filter(r -> r.method().equals(method) && r.rawUri().startsWith(pathPrefix)).toList();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), body);
            received.add(r);
            String path = ex.getRequestURI().getRawPath();
            for (Route route : routes) {
                if (route.method().equals(ex.getRequestMethod()) && route.path().matcher(path).matches()) {
                    Response resp = new Response(ex, closing);
                    route.handler().handle(r, resp);
                    if (!resp.sent) {
                        resp.send(500);
                    }
                    return;
                }
            }
            ex.sendResponseHeaders(404, -1);
        }
    }

    public static String error(String code, String message) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    }

    static Map<String, String> none() {
        return Map.of();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
