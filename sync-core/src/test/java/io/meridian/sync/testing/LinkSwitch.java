package io.meridian.sync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay that can be cut and restored on the same port, as a network path that goes down and comes
 * back: {@link #cut()} drops every open connection and refuses new ones (accepted and closed at once, as a
 * dead link's peer would), {@link #silence()} keeps them open but relays nothing, {@link #restore()} relays again.
 * Counts the bytes relayed towards the target.
 */
public final class LinkSwitch implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong toTarget = new AtomicLong();
    private volatile boolean down;
    private volatile boolean silent;

    public LinkSwitch(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "link-switch-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Bytes relayed from clients to the target so far. */
    public long bytesToTarget() {
        return toTarget.get();
    }

    /** The link goes down: open connections break, new ones are refused. */
    public void cut() {
        down = true;
        open.forEach(LinkSwitch::closeQuietly);
        open.clear();
    }

    public void restore() {
        down = false;
        silent = false;
    }

    /**
     * The link goes silent: connections stay open but nothing more gets through either way, as with a peer host
     * that crashed or a firewall that drops packets — a read on such a connection waits for data that never comes.
     */
    public void silence() {
        silent = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsTarget) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (silent) {
                        continue; // swallowed: the other side never hears of it
                    }
                    out.write(buf, 0, n);
                    if (towardsTarget) {
                        toTarget.addAndGet(n);
                    }
                }
            } catch (IOException ignored) {
                // a cut or a closed peer ends the relay
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-switch-pump");
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
        cut();
        server.close();
    }
}
