package io.meridian.sync.batch;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a destination registry directly (no fault proxy) the way a puller would, two ways:
 * <ul>
 *   <li>{@link #watch()} — while a replication runs: every visible tag must already be pullable, its manifest, every
 *   child of an index and every blob present (a dangling tag is a violation);</li>
 *   <li>{@link #deepVerify} — afterwards: every source tag is at the destination with the same digest, and every
 *   manifest and blob it reaches is downloaded and hashed.</li>
 * </ul>
 */
public final class DestinationAudit {

    private final RegistryClient destination;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> complete = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesHashed = new AtomicLong();
    private final AtomicLong objectsHashed = new AtomicLong();

    public DestinationAudit(RegistryClient destination) {
        this.destination = destination;
    }

    /** One pass over every visible tag; tags found complete before are not looked at again (they never change). */
    public void watch() {
        for (RepositoryName repo : destination.catalog().toList()) {
            List<String> tags;
            try {
                tags = destination.listTags(repo);
            } catch (PermanentRegistryException e) {
                if (e.status() == 404) {
                    continue; // blobs arrived, no tag yet: distribution lists the repository but knows no tags
                }
                throw e;
            }
            for (String tag : tags) {
                if (complete.contains(repo.value() + ":" + tag)) {
                    continue;
                }
                ManifestBytes manifest;
                try {
                    manifest = destination.getManifest(repo, Reference.tag(tag));
                } catch (io.meridian.sync.oci.RegistryException e) {
                    // distribution lists a tag once its directory exists, a moment before the tag's link file is
                    // written: a pull then gets 404 (or 500 while the link is half written), never a partial image;
                    // such a tag is not visible yet and is looked at again next pass (deepVerify is the final word)
                    continue;
                }
                List<String> missing = new ArrayList<>();
                missingUnder(repo, manifest.parse(), missing);
                if (missing.isEmpty()) {
                    complete.add(repo.value() + ":" + tag);
                } else {
                    violations.add(repo.value() + ":" + tag + " visible while missing " + missing);
                }
            }
        }
    }

    private void missingUnder(RepositoryName repo, Manifest manifest, List<String> missing) {
        for (Descriptor ref : manifest.references()) {
            if (manifest instanceof Manifest.ImageIndex) {
                if (destination.headManifest(repo, Reference.digest(ref.digest())).isEmpty()) {
                    missing.add("manifest " + ref.digest());
                } else {
                    missingUnder(repo, destination.getManifest(repo, Reference.digest(ref.digest())).parse(), missing);
                }
            } else if (destination.headBlob(repo, ref.digest()).isEmpty()) {
                missing.add("blob " + ref.digest());
            }
        }
    }

    /** Tags the watcher saw complete. */
    int tagsSeenComplete() {
        return complete.size();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Every tag of {@code source}'s {@code repos} must be at this destination with the same digest; every manifest and
     * blob under it is downloaded and hashed. Problems are added to {@link #violations()}.
     */
    public void deepVerify(RegistryClient source, List<RepositoryName> repos) throws IOException {
        for (RepositoryName repo : repos) {
            for (String tag : source.listTags(repo)) {
                Digest expected = source.headManifest(repo, Reference.tag(tag)).orElseThrow().digest();
                var there = destination.headManifest(repo, Reference.tag(tag));
                if (there.isEmpty() || !there.get().digest().equals(expected)) {
                    violations.add(repo.value() + ":" + tag + " is " + there.map(d -> d.digest().toString())
                            .orElse("absent") + " at the destination, " + expected + " at the source");
                    continue;
                }
                verifyManifest(repo, expected);
            }
        }
    }

    private void verifyManifest(RepositoryName repo, Digest digest) throws IOException {
        ManifestBytes bytes = destination.getManifest(repo, Reference.digest(digest));
        hashed(repo, digest, Digest.sha256Of(bytes.bytes()), bytes.size());
        Manifest manifest = bytes.parse();
        for (Descriptor ref : manifest.references()) {
            if (manifest instanceof Manifest.ImageIndex) {
                verifyManifest(repo, ref.digest());
            } else {
                verifyBlob(repo, ref.digest());
            }
        }
    }

    private void verifyBlob(RepositoryName repo, Digest digest) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (BlobSource blob = destination.openBlob(repo, digest, 0); InputStream in = blob.stream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha256.update(buf, 0, n);
                size += n;
            }
        }
        hashed(repo, digest, Digest.from("sha256", sha256), size);
    }

    private void hashed(RepositoryName repo, Digest expected, Digest actual, long size) {
        objectsHashed.incrementAndGet();
        bytesHashed.addAndGet(size);
        if (!expected.equals(actual)) {
            violations.add(repo.value() + "@" + expected + " hashes to " + actual + " at the destination");
        }
    }

    public long objectsHashed() {
        return objectsHashed.get();
    }

    public long bytesHashed() {
        return bytesHashed.get();
    }
}
