package io.meridian.sync.oci;

import io.meridian.sync.testing.GeneratedContent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Run in a forked JVM with a small heap by {@link LargeBlobCopyTest}: streams a generated blob into the source
 * registry, then copies it source → destination through {@link RegistryClient#openBlob} and
 * {@link RegistryClient#pushBlob}, and prints timings and the peak heap.
 * Args: sourceUrl destinationUrl sizeBytes
 */
public final class LargeBlobCopyMain {

    private LargeBlobCopyMain() {
    }

    public static void main(String[] args) {
        String sourceUrl = args[0];
        String destinationUrl = args[1];
        long size = Long.parseLong(args[2]);
        GeneratedContent content = new GeneratedContent(1024, size);
        OciTransport transport = OciTransport.create();
        RegistryClient source = new RegistryClient(transport, RegistryEndpoint.insecure(sourceUrl, Credentials.anonymous()));
        RegistryClient destination = new RegistryClient(transport,
                RegistryEndpoint.insecure(destinationUrl, Credentials.anonymous()));
        RepositoryName repo = RepositoryName.parse("big/blob");

        long t0 = System.nanoTime();
        Digest digest = content.sha256();
        long t1 = System.nanoTime();
        source.pushBlob(repo, digest, size, content::open);
        long t2 = System.nanoTime();
        destination.pushBlob(repo, digest, size, offset -> source.openBlob(repo, digest, offset).stream());
        long t3 = System.nanoTime();

        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("digest=%s%n", digest);
        System.out.printf("hashSeconds=%.2f pushSeconds=%.2f copySeconds=%.2f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);
        System.out.printf("maxHeapMiB=%d peakHeapMiB=%d%n", Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }
}
