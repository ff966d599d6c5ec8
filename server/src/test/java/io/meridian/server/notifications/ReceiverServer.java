package io.meridian.server.notifications;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for a notification receiver: records every request (headers and raw body bytes)
 * and answers the scripted status codes in turn, then {@code otherwise}.
 */
final class ReceiverServer implements AutoCloseable {

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Integer> script;
    private final int otherwise;
    final List<Received> received = new CopyOnWriteArrayList<>();

    ReceiverServer(List<Integer> script, int otherwise) {
        this.script = new ArrayDeque<>(script);
        this.otherwise = otherwise;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                Integer status;
                synchronized (this.script) {
                    status = this.script.poll();
                }
                exchange.sendResponseHeaders(status == null ? this.otherwise : status, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
