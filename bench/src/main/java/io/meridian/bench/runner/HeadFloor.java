package io.meridian.bench.runner;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.TagRef;
import io.meridian.bench.registry.Parallel;
import io.meridian.bench.registry.RegistryHttp;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry's manifest HEAD rate with {@code width} requests in flight over keep-alive connections: the floor of
 * a no-op resync is two HEADs per tag (source and destination) at this rate.
 */
public record HeadFloor(int width) {

    /** HEADs every tag of the data set {@code rounds} times; returns HEADs per second. */
    public double rate(Dataset data, URI registry, int rounds) {
        RegistryHttp http = new RegistryHttp();
        AtomicInteger failures = new AtomicInteger();
        List<Runnable> heads = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (TagRef ref : data.refs()) {
                heads.add(() -> {
                    if (http.headManifest(registry, ref.repository(), ref.tag()) != 200) {
                        failures.incrementAndGet();
                    }
                });
            }
        }
        // warm the connections so the rate is the registry's, not connection setup
        Parallel.run(width, heads.subList(0, Math.min(heads.size(), width * 2)));
        long start = System.nanoTime();
        Parallel.run(width, heads);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " manifest HEADs did not answer 200 at " + registry);
        }
        return heads.size() / seconds;
    }
}
