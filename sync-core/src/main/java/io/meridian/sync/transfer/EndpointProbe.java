package io.meridian.sync.transfer;

import io.meridian.sync.oci.BlobSource;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.TransferInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active measurement of a registry's endpoints (the scheduled probe): for every endpoint this node may use and
 * whose breaker is not open, {@value #API_SAMPLES} × {@code GET /v2/} (RTT samples) and, when a blob of at least
 * 1 MiB is known there, a GET of at most {@value #MAX_BLOB_BYTES} bytes of it (a throughput sample). A half-open
 * breaker is probed: the probe's successes are what closes it again.
 */
public final class EndpointProbe {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointProbe.class);
    static final int API_SAMPLES = 3;
    /** Bytes read of a blob per probe: enough for a throughput sample, bounded whatever the blob's size. */
    public static final long MAX_BLOB_BYTES = 4L << 20;

    /** A blob known to be in the registry (from where blobs were copied), read for throughput. */
    public record KnownBlob(RepositoryName repository, Digest digest, long size) {
    }

    /** What the probe did for one endpoint: {@code skipped} says why when it did nothing. */
    public record Result(String endpoint, int apiSamples, long blobBytes, String skipped, String error) {
    }

    private final EndpointChoice choice;
    private final Clock clock;

    public EndpointProbe(EndpointChoice choice, Clock clock) {
        this.choice = choice;
        this.clock = clock;
    }

    public List<Result> probe(GuardedRegistry registry, Optional<KnownBlob> blob) {
        List<Result> results = new ArrayList<>();
        String node = choice.nodeRegion().orElse(null);
        for (EndpointHandle e : registry.endpoints()) {
            if (!e.reachableFrom().isEmpty() && (node == null || !e.reachableFrom().contains(node))) {
                results.add(new Result(e.name(), 0, 0, "not usable from this node", null));
            } else if (e.breakerOpen()) {
                results.add(new Result(e.name(), 0, 0, "circuit breaker open", null));
            } else {
                results.add(probe(e, blob));
            }
        }
        return results;
    }

    private Result probe(EndpointHandle e, Optional<KnownBlob> blob) {
        GuardedRegistry endpoint = e.registry();
        int samples = 0;
        long bytes = 0;
        try {
            for (int i = 0; i < API_SAMPLES; i++) {
                endpoint.checkApi();
                samples++;
            }
            if (blob.isPresent() && blob.get().size() >= io.meridian.sync.paths.PathEstimates.THROUGHPUT_MIN_BYTES) {
                bytes = readSome(endpoint, blob.get());
            }
            if (endpoint.pathMeter() != null) {
                endpoint.pathMeter().outcome(true);
            }
            return new Result(e.name(), samples, bytes, null, null);
        } catch (TransferInterruptedException interrupted) {
            throw interrupted;
        } catch (RuntimeException failed) {
            if (endpoint.pathMeter() != null) {
                endpoint.pathMeter().outcome(false);
            }
            LOG.info("probe of endpoint {} failed: {}", endpoint.endpointKey(), failed.getMessage());
            return new Result(e.name(), samples, bytes, null, failed.getMessage());
        } finally {
            if (endpoint.pathMeter() != null) {
                endpoint.pathMeter().probed(clock.instant());
            }
        }
    }

    /** Reads at most {@link #MAX_BLOB_BYTES} of the blob and records bytes ÷ time as a throughput sample. */
    private static long readSome(GuardedRegistry endpoint, KnownBlob blob) {
        long want = Math.min(MAX_BLOB_BYTES, blob.size());
        long started = System.nanoTime();
        long read = 0;
        try (BlobSource source = endpoint.openBlob(blob.repository(), blob.digest(), 0)) {
            InputStream in = source.stream();
            byte[] buffer = new byte[64 * 1024];
            while (read < want) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, want - read));
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (IOException e) {
            throw new io.meridian.sync.oci.RetryableRegistryException("probe read of " + blob.digest().shortForm()
                    + " from " + endpoint.endpointKey() + " failed: " + e.getMessage(), e);
        }
        if (endpoint.pathMeter() != null) {
            endpoint.pathMeter().body(read, System.nanoTime() - started);
        }
        return read;
    }
}
