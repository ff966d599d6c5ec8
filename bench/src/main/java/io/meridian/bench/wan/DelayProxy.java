package io.meridian.bench.wan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that emulates a WAN link in front of a target: every chunk read in one direction is
 * stamped with {@code read time + one-way delay} and written when that time comes, so a connection keeps many
 * bytes in flight (it is a delay line, not a serialising hop) and connections never wait for each other.
 *
 * <p>Per connection and direction a reader thread feeds a timestamped FIFO queue and a writer thread drains it.
 * A new connection behaves as if the TCP handshake took one RTT: the client's first bytes reach the target no
 * earlier than {@code accept + 3 × one-way}. Optionally each direction of each connection is capped at a bandwidth,
 * and the bytes in flight per direction are bounded (like a TCP window) so memory stays bounded.
 */
public final class DelayProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final long delayNanos;
    private final long bytesPerSecond;
    private final int windowBytes;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong toTarget = new AtomicLong();
    private final AtomicLong fromTarget = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param target          where connections go
     * @param oneWay          delay added in each direction (RTT = 2 × oneWay)
     * @param bytesPerSecond  per-connection, per-direction cap; 0 = unlimited
     * @param windowBytes     most bytes buffered per direction of one connection
     */
    public DelayProxy(InetSocketAddress target, Duration oneWay, long bytesPerSecond, int windowBytes) throws IOException {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("oneWay delay must be ≥ 0: " + oneWay);
        }
        if (bytesPerSecond < 0 || windowBytes < 1024) {
            throw new IllegalArgumentException("bytesPerSecond must be ≥ 0 and windowBytes ≥ 1024: "
                    + bytesPerSecond + ", " + windowBytes);
        }
        this.target = target;
        this.delayNanos = oneWay.toNanos();
        this.bytesPerSecond = bytesPerSecond;
        this.windowBytes = windowBytes;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "delay-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy with the given one-way delay, no bandwidth cap, 16 MiB window per direction. */
    public static DelayProxy withDelay(InetSocketAddress target, Duration oneWay) throws IOException {
        return new DelayProxy(target, oneWay, 0, 16 << 20);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** Bytes clients sent to the target so far. */
    public long bytesToTarget() {
        return toTarget.get();
    }

    /** Bytes the target sent to clients so far (for a proxy in front of a source: bytes read from it). */
    public long bytesFromTarget() {
        return fromTarget.get();
    }

    public long connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                long ready = System.nanoTime() + 3 * delayNanos;
                connections.incrementAndGet();
                Socket upstream = new Socket();
                upstream.connect(target, 10_000);
                for (Socket s : new Socket[] {client, upstream}) {
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                Connection c = new Connection(client, upstream);
                new Pipe(c, client, upstream, ready, toTarget).start("up");
                new Pipe(c, upstream, client, 0, fromTarget).start("down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // a failed upstream connect drops only that client connection
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(DelayProxy::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Both directions of one proxied connection; closes both sockets when both directions have ended. */
    private final class Connection {
        private final Socket a;
        private final Socket b;
        private int open = 2;

        Connection(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        synchronized void directionDone() {
            if (--open == 0) {
                closeQuietly(a);
                closeQuietly(b);
                sockets.remove(a);
                sockets.remove(b);
            }
        }
    }

    /** One direction: reader stamps chunks into a {@link DelayLine}, writer releases them when due. */
    private final class Pipe {
        private final Connection connection;
        private final Socket from;
        private final Socket to;
        private final AtomicLong counter;
        private final DelayLine line;

        Pipe(Connection connection, Socket from, Socket to, long readyAtNanos, AtomicLong counter) {
            this.connection = connection;
            this.from = from;
            this.to = to;
            this.counter = counter;
            this.line = new DelayLine(delayNanos, readyAtNanos, bytesPerSecond, windowBytes);
        }

        void start(String direction) {
            Thread reader = new Thread(this::read, "delay-proxy-" + direction + "-read");
            Thread writer = new Thread(this::write, "delay-proxy-" + direction + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        private void read() {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf, 0, Math.min(buf.length, windowBytes))) >= 0) {
                    if (n > 0) {
                        line.offer(java.util.Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                // reset or closed: end this direction
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                line.end();
            }
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                byte[] chunk;
                while ((chunk = line.take()) != null) {
                    // counted before the write so a peer that has seen the bytes always sees them counted
                    counter.addAndGet(chunk.length);
                    out.write(chunk);
                }
                to.shutdownOutput();
            } catch (SocketException e) {
                // peer closed: drop what is left
            } catch (IOException e) {
                // peer gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                connection.directionDone();
            }
        }
    }
}
