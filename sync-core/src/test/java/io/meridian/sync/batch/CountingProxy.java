package io.meridian.sync.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a registry that records every HTTP request line it forwards
 * ("GET /v2/team/app/blobs/sha256:…"). Clients of a source only send GET and HEAD, which carry
 * no body, so the client→server byte stream is a plain sequence of header blocks: counting
 * request lines there counts requests on the wire, keep-alive included. In front of a
 * destination the stream also carries upload bodies (blob and manifest bytes): a request line
 * is then found at the end of a line (the request after a body follows the body's last bytes),
 * and random layers and JSON never end a line with {@code METHOD /path HTTP/1.1}.
 */
final class CountingProxy implements AutoCloseable {

    /** At the end of a line: a request sent right after a body (no newline at its end) follows it on the line. */
    private static final int MAX_LINE = 4096;
    private static final Pattern REQUEST_LINE = Pattern.compile("(?:GET|HEAD|PUT|POST|PATCH|DELETE) /\\S* HTTP/1\\.[01]$");

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The same request lines with when they arrived. */
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** A request line and {@link System#nanoTime()} when it arrived. */
    record Seen(long nanos, String line) {
    }
    /** Each request is held this long before it is forwarded (a slow link); 0: none. */
    private volatile long delayMillis;

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every request forwarded so far. */
    long total() {
        return requests.size();
    }

    /** Delays every request by {@code millis} from now on. */
    void delayRequests(long millis) {
        delayMillis = millis;
    }

    /** Every request line so far with its arrival time, in arrival order. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Requests seen so far whose line matches {@code method} and contains {@code pathPart}. */
    long count(String method, String pathPart) {
        return requests.stream().filter(r -> r.startsWith(method + " ") && r.contains(pathPart)).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                threads.execute(() -> pump(client, upstream, true));
                threads.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requestsFlow) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                boolean sawRequest = false;
                if (requestsFlow) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            keepTail(line, buffer, start, i - start);
                            start = i + 1;
                            String text = line.toString(StandardCharsets.ISO_8859_1).trim();
                            java.util.regex.Matcher request = REQUEST_LINE.matcher(text);
                            if (request.find()) {
                                text = request.group();
                                requests.add(text);
                                seen.add(new Seen(System.nanoTime(), text));
                                sawRequest = true;
                            }
                            line.reset();
                        }
                    }
                    keepTail(line, buffer, start, n - start);
                }
                if (sawRequest && delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a closed connection ends the pump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Appends to the current line, keeping only its last {@value #MAX_LINE} bytes (a request line is short). */
    private static void keepTail(ByteArrayOutputStream line, byte[] bytes, int from, int length) {
        if (length >= MAX_LINE) {
            line.reset();
            line.write(bytes, from + length - MAX_LINE, MAX_LINE);
            return;
        }
        line.write(bytes, from, length);
        if (line.size() > 2 * MAX_LINE) {
            byte[] all = line.toByteArray();
            line.reset();
            line.write(all, all.length - MAX_LINE, MAX_LINE);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
