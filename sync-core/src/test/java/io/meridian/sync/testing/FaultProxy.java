package io.meridian.sync.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 proxy in front of one server (a {@link LocalRegistry}) that misbehaves on the requests a test
 * scripts, and counts what it forwards. Faults are matched per request (method + path regex) and used up in the
 * order they were added:
 * <ul>
 *   <li>{@link #status(int)}: read the whole request body, answer the status with an OCI error body, close;</li>
 *   <li>{@link #statusMidBody(int, long)}: read that many request body bytes, answer the status, close;</li>
 *   <li>{@link #resetMidBody(long)}: read that many request body bytes, then reset the connection;</li>
 *   <li>{@link #cutResponse(long)}: forward the request, pass that many response body bytes, then close;</li>
 *   <li>{@link StallResponse}: forward, pass that many response body bytes, stall, then reset;</li>
 *   <li>{@link #corruptResponse(long)}: forward, but flip the response body byte at that offset;</li>
 *   <li>{@link Throttle}: 429 with {@code Retry-After}; {@link LostAnswer}: forward (the registry applies the
 *   request), then reset instead of answering; {@link CorruptRequest}: forward an upload with one byte flipped.</li>
 * </ul>
 * Requests no scripted rule matches can be faulted at random ({@link #randomly(FaultPicker)}, {@link RandomFaults}).
 * Keep-alive, {@code Content-Length} and chunked bodies both ways are handled; every request line and the response
 * body bytes passed to the client are recorded ({@link #responseBytes(String, String)}).
 */
public final class FaultProxy implements AutoCloseable {

    /** What to do to one request. */
    public sealed interface Fault permits Status, Reset, CutResponse, StallResponse, CorruptResponse, Throttle,
            LostAnswer, CorruptRequest {
    }

    /** Chooses a fault (or none: {@code null}) for each request the scripted rules leave alone: {@link RandomFaults}. */
    @FunctionalInterface
    public interface FaultPicker {
        Fault pick(String method, String target);
    }

    /**
     * Answer {@code status} with OCI error {@code code} and {@code message} after {@code afterBodyBytes} request body
     * bytes (-1: all).
     */
    public record Status(int status, long afterBodyBytes, String code, String message) implements Fault {
    }

    public record Reset(long afterBodyBytes) implements Fault {
    }

    public record CutResponse(long afterBodyBytes) implements Fault {
    }

    public record CorruptResponse(long offset) implements Fault {
    }

    /** 429 TOOMANYREQUESTS with {@code Retry-After: seconds}, after reading the whole request body. */
    public record Throttle(int retryAfterSeconds) implements Fault {
    }

    /** Forward the request (the registry applies it), then reset the connection instead of answering. */
    public record LostAnswer() implements Fault {
    }

    /** Forward the request with the request body byte at {@code offset} flipped (an upload damaged on the way). */
    public record CorruptRequest(long offset) implements Fault {
    }

    /**
     * Forward, pass that many response body bytes, then send nothing for {@code stall} (longer than the client's
     * read-idle timeout, to test it) and reset the connection.
     */
    public record StallResponse(long afterBodyBytes, java.time.Duration stall) implements Fault {
    }

    private static final String INJECTED = "injected by FaultProxy";

    public static Fault status(int status) {
        return new Status(status, -1, "UNAVAILABLE", INJECTED);
    }

    /** E.g. {@code status(400, "DIGEST_INVALID")}: the whole request body is read first. */
    public static Fault status(int status, String code) {
        return new Status(status, -1, code, INJECTED);
    }

    /** A registry's own refusal, e.g. {@code status(507, "UNKNOWN", "no space left on device")}. */
    public static Fault status(int status, String code, String message) {
        return new Status(status, -1, code, message);
    }

    public static Fault statusMidBody(int status, long afterBodyBytes) {
        return new Status(status, afterBodyBytes, "UNAVAILABLE", INJECTED);
    }

    public static Fault resetMidBody(long afterBodyBytes) {
        return new Reset(afterBodyBytes);
    }

    public static Fault cutResponse(long afterBodyBytes) {
        return new CutResponse(afterBodyBytes);
    }

    public static Fault corruptResponse(long offset) {
        return new CorruptResponse(offset);
    }

    /**
     * One forwarded (or faulted) request: its line, the response body bytes the client got, and when (System.nanoTime)
     * the proxy had read the request's head and had the registry's answer (its status line and headers): the client
     * sent the request before {@code startNanos} and cannot have had the answer before {@code answeredNanos}, so
     * {@code [startNanos, answeredNanos]} is a stretch the request certainly was in flight at the registry.
     */
    public record Exchange(String method, String path, int status, long responseBytes, Fault fault, long startNanos,
                           long answeredNanos) {
    }

    private record Rule(String method, Pattern path, AtomicInteger left, Fault fault) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private volatile FaultPicker picker = (method, target) -> null;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicLong faults = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Applies {@code fault} to the next {@code times} requests whose method and request target (query included) match. */
    public FaultProxy on(String method, String pathRegex, int times, Fault fault) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), new AtomicInteger(times), fault));
        return this;
    }

    /** Every request no scripted rule matches asks {@code picker} for a fault (e.g. {@link RandomFaults}). */
    public FaultProxy randomly(FaultPicker picker) {
        this.picker = picker;
        return this;
    }

    /** Drops every scripted rule: from now on requests pass (a registry that was full has room again). */
    public FaultProxy clear() {
        rules.clear();
        return this;
    }

    /** Faults applied so far. */
    public long faultsApplied() {
        return faults.get();
    }

    public List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    /** Response body bytes passed to clients for requests of {@code method} whose path contains {@code pathPart}. */
    public long responseBytes(String method, String pathPart) {
        return exchanges.stream().filter(e -> e.method().equals(method) && e.path().contains(pathPart))
                .mapToLong(Exchange::responseBytes).sum();
    }

    private Fault take(String method, String target) {
        for (Rule rule : rules) {
            if (rule.method().equals(method) && rule.path().matcher(target).matches()
                    && rule.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faults.incrementAndGet();
                return rule.fault();
            }
        }
        Fault picked = picker.pick(method, target);
        if (picked != null) {
            faults.incrementAndGet();
        }
        return picked;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                HttpHead request = HttpHead.read(in);
                if (request == null) {
                    return;
                }
                String[] line = request.first().split(" ");
                long start = System.nanoTime();
                String method = line[0];
                String path = line[1].split("\\?")[0];
                Fault fault = take(method, line[1]);
                if (fault instanceof Status s) {
                    HttpBodies.copyBody(in, OutputStream.nullOutputStream(), request, s.afterBodyBytes());
                    answer(out, s.status(), s.code(), s.message(), "");
                    exchanges.add(new Exchange(method, path, s.status(), 0, fault, start, System.nanoTime()));
                    return;
                }
                if (fault instanceof Throttle t) {
                    HttpBodies.copyBody(in, OutputStream.nullOutputStream(), request, -1);
                    answer(out, 429, "TOOMANYREQUESTS", INJECTED, "Retry-After: " + t.retryAfterSeconds() + "\r\n");
                    exchanges.add(new Exchange(method, path, 429, 0, fault, start, System.nanoTime()));
                    return;
                }
                if (fault instanceof Reset r) {
                    HttpBodies.copyBody(in, OutputStream.nullOutputStream(), request, r.afterBodyBytes());
                    exchanges.add(new Exchange(method, path, -1, 0, fault, start, System.nanoTime()));
                    reset(client);
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(upstream);
                }
                InputStream upIn = new BufferedInputStream(upstream.getInputStream());
                OutputStream upOut = upstream.getOutputStream();
                upOut.write(request.bytes());
                if (fault instanceof CorruptRequest c) {
                    HttpBodies.copyBody(in, upOut, new HttpBodies.Body(upOut, -1, c.offset()), request, -1);
                } else {
                    HttpBodies.copyBody(in, upOut, request, -1);
                }
                upOut.flush();
                HttpHead response = HttpHead.read(upIn);
                if (response == null) {
                    return;
                }
                long answered = System.nanoTime();
                int status = Integer.parseInt(response.first().split(" ")[1]);
                if (fault instanceof LostAnswer) {
                    // the registry has applied the request; its answer never arrives
                    exchanges.add(new Exchange(method, path, status, 0, fault, start, answered));
                    reset(client);
                    return;
                }
                out.write(response.bytes());
                long limit = fault instanceof CutResponse c ? c.afterBodyBytes()
                        : fault instanceof StallResponse st ? st.afterBodyBytes() : -1;
                long flip = fault instanceof CorruptResponse c ? c.offset() : -1;
                long sent = 0;
                if (!"HEAD".equals(method) && status != 204 && status != 304 && status >= 200) {
                    HttpBodies.Body body = new HttpBodies.Body(out, limit, flip);
                    try {
                        HttpBodies.copyBody(upIn, out, body, response, -1);
                    } catch (IOException e) {
                        if (!body.cut) {
                            throw e;
                        }
                    }
                    sent = body.count;
                    if (body.cut && fault instanceof StallResponse st) {
                        out.flush();
                        exchanges.add(new Exchange(method, path, status, sent, fault, start, answered));
                        stall(st.stall());
                        reset(client);
                        return;
                    }
                    if (body.cut) {
                        // a clean close after the bytes: the client gets every byte sent, then an early end
                        out.flush();
                        client.shutdownOutput();
                        exchanges.add(new Exchange(method, path, status, sent, fault, start, answered));
                        return;
                    }
                }
                out.flush();
                exchanges.add(new Exchange(method, path, status, sent, fault, start, answered));
                if (response.closes() || request.closes()) {
                    return;
                }
            }
        } catch (IOException e) {
            // a side closed the connection
        } finally {
            close(client);
            close(upstream);
        }
    }

    private static void answer(OutputStream out, int status, String code, String message, String extraHeaders)
            throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Injected\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void stall(java.time.Duration stall) {
        try {
            Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the proxy is closing
        }
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close(s);
    }

    private void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            close(s);
        }
    }
}
