package io.meridian.bench.meridian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a JVM's used heap with {@code jstat -gc <pid> <ms>} and keeps the maximum (peak heap during a run). */
public final class HeapSampler implements AutoCloseable {

    private final Process jstat;
    private final AtomicLong peakBytes = new AtomicLong();

    public HeapSampler(long pid, int intervalMillis) {
        try {
            this.jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), Integer.toString(intervalMillis))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("jstat is needed to sample the heap: " + e.getMessage(), e);
        }
        Thread reader = new Thread(this::read, "heap-sampler");
        reader.setDaemon(true);
        reader.start();
    }

    public long peakBytes() {
        return peakBytes.get();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            String header = in.readLine();
            if (header == null) {
                return;
            }
            String[] names = header.trim().split("\\s+");
            String line;
            while ((line = in.readLine()) != null) {
                String[] v = line.trim().split("\\s+");
                double usedKb = 0;
                for (int i = 0; i < names.length && i < v.length; i++) {
                    if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
                        usedKb += Double.parseDouble(v[i]);
                    }
                }
                long used = (long) (usedKb * 1024);
                peakBytes.accumulateAndGet(used, Math::max);
            }
        } catch (IOException | NumberFormatException e) {
            // sampling ends with the process
        }
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
