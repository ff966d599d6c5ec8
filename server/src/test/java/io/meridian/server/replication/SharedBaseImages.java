package io.meridian.server.replication;

import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The data set of the multi-process ITs: {@code repositories} repositories {@code <prefix>/repo<r>} of {@code tags}
 * tags {@code t<n>}, each image two layers of {@code layerBytes} — one shared by every tag of its repository (so
 * blobs are mounted and skipped, not only copied) and one of its own.
 */
record SharedBaseImages(String prefix, int repositories, int tags, int layerBytes) {

    /** Pushes the images to {@code client}'s registry, their bytes drawn from {@code seed}. */
    void push(RegistryClient client, long seed) {
        SampleImages images = new SampleImages(client, seed);
        for (RepositoryName repo : repositoryNames()) {
            Descriptor base = images.layer(repo, layerBytes);
            for (int t = 0; t < tags; t++) {
                images.image(repo, "t" + t, List.of(base, images.layer(repo, layerBytes)));
            }
        }
    }

    List<RepositoryName> repositoryNames() {
        return IntStream.range(0, repositories).mapToObj(r -> RepositoryName.parse(prefix + "/repo" + r)).toList();
    }

    int artifacts() {
        return repositories * tags;
    }

    /** Prints a timestamped phase line of {@code test} (seconds since this class was loaded). */
    static void phase(String test, String what) {
        System.out.printf("%s +%.1f s: %s%n", test, (System.nanoTime() - T0) / 1e9, what);
    }

    private static final long T0 = System.nanoTime();
}
