package io.meridian.sync.transfer;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one artifact (image, index, Helm chart, signature…) from the source to every target,
 * in the only order that never exposes a half-copied image: blobs, then child manifests (by
 * digest), then the manifest itself, <b>the tag last</b>. Manifests travel as the raw bytes the
 * source served, so digests are preserved. Cosign signatures/attestations/SBOMs and the
 * referrers fallback tag ({@code sha256-<hex>[.sig|.att|.sbom]}) of a copied digest follow it.
 */
public final class ArtifactCopier {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCopier.class);
    private static final List<String> REFERRER_SUFFIXES = List.of("", ".sig", ".att", ".sbom");
    private static final int MAX_REFERRER_DEPTH = 2;

    private final BlobMover mover;
    private final ExecutorService blobPool;

    /** @param blobPool runs blob moves of one manifest in parallel; its tasks never wait on each other */
    public ArtifactCopier(BlobMover mover, ExecutorService blobPool) {
        this.mover = mover;
        this.blobPool = blobPool;
    }

    /**
     * Copies {@code sourceRepo:reference} to the targets. Returns the failed targets with
     * their cause; the others hold the artifact, its tag and its signatures.
     *
     * @param sourceTags the source repository's tags when the caller has listed them (then the
     *                   signature/referrer tags are looked up there instead of with four HEADs);
     *                   null to ask the registry
     */
    public Map<CopyTarget, Throwable> copy(GuardedRegistry source, RepositoryName sourceRepo, Reference reference,
                                           List<CopyTarget> targets, BandwidthLimiter limiter, Set<String> sourceTags) {
        Map<CopyTarget, Throwable> failures = new ConcurrentHashMap<>();
        copyReference(new Source(source, sourceRepo, sourceTags, limiter), reference, targets, failures, 0);
        return failures;
    }

    /** The source side of one copy. */
    private record Source(GuardedRegistry registry, RepositoryName repo, Set<String> tags, BandwidthLimiter limiter) {
        boolean hasTag(String tag) {
            return tags != null ? tags.contains(tag) : registry.headManifest(repo, Reference.tag(tag)).isPresent();
        }
    }

    private void copyReference(Source src, Reference reference, List<CopyTarget> targets,
                               Map<CopyTarget, Throwable> failures, int depth) {
        GuardedRegistry source = src.registry();
        RepositoryName sourceRepo = src.repo();
        BandwidthLimiter limiter = src.limiter();
        ManifestBytes manifest;
        try {
            manifest = source.getManifest(sourceRepo, reference);
        } catch (RuntimeException e) {
            targets.forEach(t -> failures.putIfAbsent(t, e));
            return;
        }
        copyContent(source, sourceRepo, manifest, alive(targets, failures), limiter, failures);
        for (CopyTarget target : alive(targets, failures)) {
            try {
                target.registry().putManifest(target.repository(), reference, manifest);
                LOG.info("{}:{} ({}) now at {}", sourceRepo.value(), reference, manifest.digest(), target);
            } catch (RuntimeException e) {
                failures.putIfAbsent(target, e);
            }
        }
        if (depth < MAX_REFERRER_DEPTH) {
            copyReferrers(src, manifest, alive(targets, failures), failures, depth);
        }
    }

    /** Everything {@code manifest} references, present at each target before the manifest is put. */
    private void copyContent(GuardedRegistry source, RepositoryName sourceRepo, ManifestBytes manifest,
                             List<CopyTarget> targets, BandwidthLimiter limiter, Map<CopyTarget, Throwable> failures) {
        // A destination that already has this manifest (by digest) has everything under it.
        List<CopyTarget> needing = new ArrayList<>();
        for (CopyTarget target : targets) {
            try {
                if (target.registry().headManifest(target.repository(), Reference.digest(manifest.digest())).isEmpty()) {
                    needing.add(target);
                }
            } catch (RuntimeException e) {
                failures.putIfAbsent(target, e);
            }
        }
        if (needing.isEmpty()) {
            return;
        }
        Manifest parsed = manifest.parse();
        if (parsed instanceof Manifest.ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                List<CopyTarget> alive = alive(needing, failures);
                if (alive.isEmpty()) {
                    return;
                }
                Reference childRef = Reference.digest(child.digest());
                ManifestBytes childBytes;
                try {
                    childBytes = source.getManifest(sourceRepo, childRef);
                } catch (RuntimeException e) {
                    alive.forEach(t -> failures.putIfAbsent(t, e));
                    return;
                }
                copyContent(source, sourceRepo, childBytes, alive, limiter, failures);
                for (CopyTarget target : alive(alive, failures)) {
                    try {
                        target.registry().putManifest(target.repository(), childRef, childBytes);
                    } catch (RuntimeException e) {
                        failures.putIfAbsent(target, e);
                    }
                }
            }
        } else {
            List<CompletableFuture<Map<CopyTarget, Throwable>>> moves = new ArrayList<>();
            for (Descriptor blob : parsed.references()) {
                List<CopyTarget> alive = alive(needing, failures);
                moves.add(CompletableFuture.supplyAsync(
                        () -> mover.ensure(source, sourceRepo, blob, alive, limiter), blobPool));
            }
            for (CompletableFuture<Map<CopyTarget, Throwable>> move : moves) {
                try {
                    move.join().forEach(failures::putIfAbsent);
                } catch (RuntimeException e) {
                    needing.forEach(t -> failures.putIfAbsent(t, e));
                }
            }
        }
    }

    private void copyReferrers(Source src, ManifestBytes subject, List<CopyTarget> targets,
                               Map<CopyTarget, Throwable> failures, int depth) {
        if (targets.isEmpty()) {
            return;
        }
        String base = "sha256-" + subject.digest().hex();
        for (String suffix : REFERRER_SUFFIXES) {
            boolean present;
            try {
                present = src.hasTag(base + suffix);
            } catch (RuntimeException e) {
                targets.forEach(t -> failures.putIfAbsent(t, e));
                return;
            }
            if (present) {
                copyReference(src, Reference.tag(base + suffix), alive(targets, failures), failures, depth + 1);
            }
        }
    }

    private static List<CopyTarget> alive(List<CopyTarget> targets, Map<CopyTarget, Throwable> failures) {
        return targets.stream().filter(t -> !failures.containsKey(t)).toList();
    }
}
