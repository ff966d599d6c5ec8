package io.meridian.bench.runner;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.registry.DatasetPusher;
import io.meridian.bench.registry.RegistryHttp;

import java.net.URI;

/**
 * The registry's ingest floor: the same unique bytes pushed straight from local disk with {@code width} uploads in
 * flight (each blob once, mounts for the other repositories, then manifests, tags last). No source reads, no
 * planning: nothing a copier can do is cheaper on the same destination and link.
 */
public record UploadFloor(int width) implements Copier {

    @Override
    public String name() {
        return "upload×" + width;
    }

    @Override
    public Outcome copy(Dataset data, Target target) {
        long start = System.nanoTime();
        DatasetPusher pusher = new DatasetPusher(new RegistryHttp(), width);
        for (String destination : target.destinations()) {
            pusher.push(data, URI.create("http://" + destination));
        }
        return Outcome.timed(start, "");
    }
}
