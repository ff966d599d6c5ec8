package io.meridian.sync.helm;

import io.meridian.sync.oci.TransferInterruptedException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * kind {@code s3}: a chart repository kept in a bucket under a prefix ({@code <prefix>index.yaml} beside the
 * archives). As a source, {@code urls} may be relative to the prefix or {@code s3://bucket/key}. As a destination,
 * archives and {@code .prov} files are written first, then {@code index.yaml} is re-read, merged and written with a
 * conditional PUT ({@code If-Match} on the ETag read, {@code If-None-Match: *} when there was none): a writer that
 * lost the race (412/409) re-reads and merges again, so concurrent writers never drop each other's entries. Entries
 * are written with relative {@code urls}, so the prefix can also be served over HTTP(S) as a plain repository.
 */
public final class S3ChartRepository implements ChartSource, ChartDestination {

    private static final Logger LOG = LoggerFactory.getLogger(S3ChartRepository.class);
    static final int MAX_INDEX_ATTEMPTS = 10;

    private final S3Client s3;
    private final S3Settings settings;
    private final Clock clock;
    private final Runnable beforeIndexWrite;
    private final AtomicInteger lostRaces = new AtomicInteger();
    private volatile IndexFile cached;

    public S3ChartRepository(S3Client s3, S3Settings settings) {
        this(s3, settings, Clock.systemUTC(), () -> { });
    }

    /** @param beforeIndexWrite runs between reading and conditionally writing the index (tests force a race) */
    S3ChartRepository(S3Client s3, S3Settings settings, Clock clock, Runnable beforeIndexWrite) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.beforeIndexWrite = beforeIndexWrite;
    }

    @Override
    public String describe() {
        return "s3 " + settings.location();
    }

    /** How many conditional index writes this instance lost and redid. */
    public int lostRaces() {
        return lostRaces.get();
    }

    private record Snapshot(IndexFile index, Optional<String> etag) {
    }

    @Override
    public IndexFile index() {
        IndexFile index = readIndex().index();
        cached = index;
        return index;
    }

    private Snapshot readIndex() {
        String key = settings.prefix() + "index.yaml";
        String action = "GET " + settings.location() + "index.yaml";
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObject(GetObjectRequest.builder()
                    .bucket(settings.bucket()).key(key).build(), ResponseTransformer.toBytes());
            IndexFile index = IndexYaml.parse(bytes.asByteArray(), "index.yaml of " + describe());
            return new Snapshot(index, Optional.ofNullable(bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return new Snapshot(IndexFile.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw HelmRepositoryException.permanent(e.getMessage(), 0, e);
        } catch (RuntimeException e) {
            throw map(action, e);
        }
    }

    @Override
    public InputStream openChart(ChartVersion version) {
        if (version.urls().isEmpty()) {
            throw HelmRepositoryException.permanent("chart " + version + " in " + describe() + " has no urls in index.yaml");
        }
        Location at = locate(version.urls().get(0), version);
        return open(at, "GET chart " + version.name() + " " + version.version() + " from " + describe(), false).orElseThrow();
    }

    @Override
    public Optional<InputStream> openProvenance(ChartVersion version) {
        if (version.urls().isEmpty()) {
            return Optional.empty();
        }
        Location at = locate(version.urls().get(0), version);
        return open(new Location(at.bucket(), at.key() + ".prov"),
                "GET provenance of " + version.name() + " " + version.version() + " from " + describe(), true);
    }

    private record Location(String bucket, String key) {
    }

    private Location locate(String url, ChartVersion version) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw HelmRepositoryException.permanent("chart " + version + " in " + describe() + ": urls[0] is not a URL", 0, e);
        }
        if (!uri.isAbsolute()) {
            String path = uri.getPath().replaceAll("^(\\./)+", "");
            if (path.startsWith("/") || path.contains("..")) {
                throw HelmRepositoryException.permanent("chart " + version + " in " + describe()
                        + ": urls[0] must stay under the prefix, was \"" + url + "\"");
            }
            return new Location(settings.bucket(), settings.prefix() + path);
        }
        if ("s3".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
            return new Location(uri.getHost(), uri.getPath().replaceAll("^/+", ""));
        }
        throw HelmRepositoryException.permanent("chart " + version + " in " + describe() + ": urls[0] must be relative"
                + " or s3://bucket/key, was \"" + HelmHttp.redact(uri) + "\"");
    }

    private Optional<InputStream> open(Location at, String action, boolean allowMissing) {
        try {
            return Optional.of(s3.getObject(GetObjectRequest.builder().bucket(at.bucket()).key(at.key()).build()));
        } catch (NoSuchKeyException e) {
            if (allowMissing) {
                return Optional.empty();
            }
            throw HelmRepositoryException.permanent(action + ": no object " + at.key(), 404, e);
        } catch (RuntimeException e) {
            throw map(action, e);
        }
    }

    @Override
    public Optional<ChartDigest> existing(String name, String version) {
        IndexFile index = cached;
        if (index == null) {
            index = index();
        }
        return index.find(name, version).flatMap(ChartVersion::digest);
    }

    @Override
    public void put(List<ChartUpload> uploads, boolean overwrite) {
        if (uploads.isEmpty()) {
            return;
        }
        if (!overwrite) {
            IndexFile now = index();
            for (ChartUpload u : uploads) {
                now.find(u.entry().name(), u.entry().version()).flatMap(ChartVersion::digest)
                        .filter(d -> !d.equals(u.chart().digest()))
                        .ifPresent(d -> {
                            throw HelmRepositoryException.permanent("write chart " + u.entry() + " to " + describe()
                                    + ": version exists there with digest " + d.shortForm() + "…; overwrite is off");
                        });
            }
        }
        List<ChartVersion> entries = new ArrayList<>();
        for (ChartUpload u : uploads) {
            String key = settings.prefix() + u.entry().fileName();
            putObject(key, u.chart(), "application/gzip", "PUT " + settings.location() + u.entry().fileName());
            u.provenance().ifPresent(p -> putObject(key + ".prov", p, "application/pgp-signature",
                    "PUT " + settings.location() + u.entry().fileName() + ".prov"));
            entries.add(u.entry().at(List.of(u.entry().fileName()), clock.instant(), u.chart().digest()));
        }
        mergeIndex(entries);
    }

    private void putObject(String key, SpooledChart content, String contentType, String action) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(settings.bucket()).key(key).contentType(contentType)
                    .contentLength(content.size()).build(), RequestBody.fromFile(content.file()));
        } catch (RuntimeException e) {
            throw map(action, e);
        }
    }

    /** Read, merge, conditionally write; a lost race starts over from a fresh read. */
    private void mergeIndex(List<ChartVersion> entries) {
        String action = "PUT " + settings.location() + "index.yaml";
        for (int attempt = 1; attempt <= MAX_INDEX_ATTEMPTS; attempt++) {
            Snapshot snapshot = readIndex();
            IndexFile merged = snapshot.index().withAll(entries).generatedAt(clock.instant());
            byte[] yaml = IndexYaml.write(merged);
            beforeIndexWrite.run();
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(settings.bucket())
                    .key(settings.prefix() + "index.yaml").contentType("application/x-yaml").contentLength((long) yaml.length);
            if (snapshot.etag().isPresent()) {
                request.ifMatch(snapshot.etag().get());
            } else {
                request.ifNoneMatch("*");
            }
            try {
                s3.putObject(request.build(), RequestBody.fromBytes(yaml));
                cached = merged;
                LOG.info("index.yaml of {} now lists {} new version(s) (attempt {})", describe(), entries.size(), attempt);
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw map(action, e);
                }
                lostRaces.incrementAndGet();
                LOG.info("index.yaml of {} changed since it was read ({}): re-reading and merging", describe(), e.statusCode());
            } catch (RuntimeException e) {
                throw map(action, e);
            }
        }
        throw HelmRepositoryException.retryable(action + ": lost the conditional write " + MAX_INDEX_ATTEMPTS
                + " times in a row to other writers", 412, null);
    }

    private static RuntimeException map(String action, RuntimeException e) {
        if (e instanceof HelmRepositoryException || e instanceof UncheckedIOException
                || e instanceof TransferInterruptedException) {
            return e;
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return TransferInterruptedException.interrupted(action, e);
        }
        if (e instanceof S3Exception s3e) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            return HelmRepositoryException.forStatus(action + (code == null ? "" : " (" + code + ")"), s3e.statusCode(), e);
        }
        if (e instanceof SdkClientException) {
            return HelmRepositoryException.retryable(action + ": " + e.getClass().getSimpleName(), 0, e);
        }
        return e;
    }
}
