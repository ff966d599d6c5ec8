package io.meridian.bench.registry;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.data.TagRef;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** After a copy (outside the timed part): does every tag resolve to the generated digest at the destination? */
public final class Verifier {

    private final RegistryHttp http;

    public Verifier(RegistryHttp http) {
        this.http = http;
    }

    /** Number of tags missing or pointing to another digest ({@code namespace} "" keeps names unchanged). */
    public int mismatches(Dataset data, URI registry) {
        AtomicInteger bad = new AtomicInteger();
        List<Runnable> checks = new ArrayList<>();
        for (TagRef ref : data.refs()) {
            checks.add(() -> {
                String digest = http.manifestDigest(registry, ref.repository(), ref.tag());
                if (!ref.manifest().digest().equals(digest)) {
                    bad.incrementAndGet();
                }
            });
        }
        Parallel.run(32, checks);
        return bad.get();
    }
}
