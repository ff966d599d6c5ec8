package io.meridian.bench;

import io.meridian.bench.registry.RegistryProcess;
import io.meridian.bench.runner.Target;
import io.meridian.bench.wan.DelayProxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The registries and proxies of one run. Owned resources are closed with it; shared ones (a loaded source, a
 * prepared destination) are only referenced.
 */
public final class Fixture implements AutoCloseable {

    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<URI> directDestinations = new ArrayList<>();
    private final List<String> seenDestinations = new ArrayList<>();
    private String seenSource;
    private DelayProxy sourceCounter;

    /** Reads go to {@code source} directly, or through a zero-delay counting proxy when {@code count}. */
    public Fixture source(RegistryProcess source, boolean count) throws java.io.IOException {
        if (count) {
            sourceCounter = DelayProxy.withDelay(new java.net.InetSocketAddress("127.0.0.1", source.port()),
                    java.time.Duration.ZERO);
            owned.add(sourceCounter);
            seenSource = sourceCounter.hostPort();
        } else {
            seenSource = source.hostPort();
        }
        return this;
    }

    /** A destination, reached through a WAN proxy with this one-way delay ({@code null}: directly). */
    public Fixture destination(RegistryProcess registry, java.time.Duration oneWay, boolean ownIt) throws java.io.IOException {
        if (ownIt) {
            owned.add(registry);
        }
        directDestinations.add(registry.url());
        if (oneWay == null) {
            seenDestinations.add(registry.hostPort());
        } else {
            DelayProxy proxy = DelayProxy.withDelay(new java.net.InetSocketAddress("127.0.0.1", registry.port()), oneWay);
            owned.add(proxy);
            seenDestinations.add(proxy.hostPort());
        }
        return this;
    }

    public Target target() {
        return new Target(seenSource, seenDestinations);
    }

    public List<URI> directDestinations() {
        return List.copyOf(directDestinations);
    }

    /** Bytes read from the source through the counting proxy (−1 when not counted). */
    public long sourceBytesRead() {
        return sourceCounter == null ? -1 : sourceCounter.bytesFromTarget();
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + owned.get(i) + ": " + e.getMessage());
            }
        }
    }
}
