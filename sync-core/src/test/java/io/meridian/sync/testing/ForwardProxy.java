package io.meridian.sync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP forward proxy on loopback, as a corporate egress or a cloud's accelerated link: {@code CONNECT
 * host:port} opens a tunnel (answered {@code 200 Connection Established}, then bytes both ways: https), and a request
 * in absolute-URI form ({@code GET http://host:port/v2/ HTTP/1.1}) is relayed to that origin as it is, with the rest
 * of the connection (Go's net/http accepts absolute-form targets). Records the first line of every connection.
 * One origin per client connection, which is how a JDK client with one endpoint uses it.
 */
public final class ForwardProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> firstLines = new CopyOnWriteArrayList<>();

    public ForwardProxy() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "forward-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** The first line of each connection: {@code CONNECT 127.0.0.1:443 HTTP/1.1}, {@code GET http://… HTTP/1.1}. */
    public List<String> firstLines() {
        return List.copyOf(firstLines);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "forward-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String line = text.substring(0, text.indexOf("\r\n"));
            firstLines.add(line);
            String[] parts = line.split(" ");
            Socket upstream = new Socket();
            if (parts[0].equals("CONNECT")) {
                String[] hostPort = parts[1].split(":");
                upstream.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                client.getOutputStream().write("HTTP/1.1 200 Connection Established\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            } else {
                URI target = URI.create(parts[1]);
                upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
                upstream.getOutputStream().write(head);
            }
            pump(upstream.getInputStream(), client.getOutputStream(), upstream, client);
            pump(in, upstream.getOutputStream(), client, upstream);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    /** The request line and headers, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return out.toByteArray();
            }
        }
        throw new IOException("connection closed before the request head ended");
    }

    private static void pump(InputStream from, OutputStream to, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "forward-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
