package io.meridian.bench.wan;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DelayProxyTest {

    private ServerSocket echo;
    private ExecutorService echoThreads;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        echoThreads = Executors.newCachedThreadPool();
        echoThreads.submit(() -> {
            while (!echo.isClosed()) {
                Socket s = echo.accept();
                echoThreads.submit(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    }
                    return null;
                });
            }
            return null;
        });
    }

    @AfterEach
    void stop() throws IOException {
        echo.close();
        echoThreads.shutdownNow();
    }

    private InetSocketAddress echoAddress() {
        return new InetSocketAddress("127.0.0.1", echo.getLocalPort());
    }

    /** One request/response round trip of {@code n} bytes; returns its duration in ms. */
    private static long roundTrip(Socket socket, int n) throws IOException {
        byte[] data = new byte[n];
        long start = System.nanoTime();
        socket.getOutputStream().write(data);
        new DataInputStream(socket.getInputStream()).readFully(data);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void delaysEachDirectionByTheOneWayLatency() throws Exception {
        try (DelayProxy proxy = DelayProxy.withDelay(echoAddress(), Duration.ofMillis(40));
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            long first = roundTrip(socket, 10);
            long second = roundTrip(socket, 10);
            // first exchange also pays the emulated handshake (one more RTT)
            assertThat(first).as("first round trip (handshake + RTT) ms").isBetween(155L, 1500L);
            assertThat(second).as("round trip ms at 40 ms one way").isBetween(78L, 1000L);
            assertThat(proxy.bytesToTarget()).isEqualTo(20);
            assertThat(proxy.bytesFromTarget()).isEqualTo(20);
        }
    }

    @Test
    void keepsManyBytesInFlightInsteadOfSerialisingChunks() throws Exception {
        try (DelayProxy proxy = DelayProxy.withDelay(echoAddress(), Duration.ofMillis(50));
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            roundTrip(socket, 1);
            // 4 MiB echoed in 64 KiB chunks: a delay line costs ~1 RTT, a store-and-forward hop would cost 64+ RTTs
            long ms = roundTrip(socket, 4 << 20);
            assertThat(ms).as("4 MiB echo ms at 100 ms RTT").isBetween(95L, 2000L);
        }
    }

    @Test
    void connectionsDoNotWaitForEachOther() throws Exception {
        try (DelayProxy proxy = DelayProxy.withDelay(echoAddress(), Duration.ofMillis(50))) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                long start = System.nanoTime();
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(clients.submit(() -> {
                        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
                            long total = 0;
                            for (int k = 0; k < 3; k++) {
                                total += roundTrip(s, 100);
                            }
                            return total;
                        }
                    }));
                }
                for (Future<Long> f : results) {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(300L);
                }
                long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // 16 × (handshake + 3 RTT) serialised would be ≥ 6.4 s; in parallel ≈ 0.4 s
                assertThat(wall).as("wall ms for 16 parallel connections").isLessThan(3000L);
                assertThat(proxy.connections()).isEqualTo(16);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void capsBandwidthPerConnection() throws Exception {
        try (DelayProxy proxy = new DelayProxy(echoAddress(), Duration.ZERO, 4 << 20, 1 << 20);
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            // 2 MiB each way at 4 MiB/s per direction: ≥ 0.5 s (directions overlap)
            long ms = roundTrip(socket, 2 << 20);
            assertThat(ms).as("2 MiB at 4 MiB/s ms").isBetween(450L, 5000L);
        }
    }
}
