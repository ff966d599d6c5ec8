package io.meridian.sync.transfer;

import static io.meridian.sync.transfer.TargetFailures.alive;
import static io.meridian.sync.transfer.TargetFailures.awaitAll;
import static io.meridian.sync.transfer.TargetFailures.fail;
import static io.meridian.sync.transfer.TargetFailures.failAll;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.CosignTags;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.InvalidManifestException;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import io.meridian.sync.select.ArtifactKind;
import io.meridian.sync.select.CopyScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one artifact (image, index, Helm chart, signature…) from the source to every target,
 * in the only order that never exposes a half-copied image: blobs, then child manifests (by
 * digest), then the manifest itself, <b>the tag last</b>. Manifests travel as the raw bytes the
 * source served, so digests are preserved. What refers to a copied digest follows it: cosign
 * signatures/attestations/SBOMs by their tags ({@code sha256-<hex>.sig|.att|.sbom}), and OCI
 * referrers (manifests with a {@code subject}) found with the source's referrers API, or its
 * fallback tag index when it has none. Referrers are put by digest; a destination without the
 * API gets each added to <em>its own</em> fallback index by the OCI client, so entries already
 * there are kept (the source's index is never copied over it).
 *
 * <p>Entry point: {@link #copy(SourceArtifact, List, BandwidthLimiter)} with the planned artifact (repository,
 * reference and the digest the plan resolved), its targets (one per task) and the policy's bandwidth cap. It is
 * safe to call from many threads at once (single-flight per destination registry and digest is shared), returns
 * every failed target with the registry's error ({@link TaskError#of} turns it into the task's code and message),
 * and throws nothing but {@link TransferInterruptedException}. Blobs of one manifest run in parallel on the blob
 * pool; each goes through {@link BlobTransfer}.
 */
public final class ArtifactCopier {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCopier.class);
    private static final int MAX_REFERRER_DEPTH = 2;
    /**
     * Indexes nested in indexes are followed this deep at most (real ones nest once or twice): a hostile source's
     * chain of thousands would otherwise cost two requests and a stack frame per level.
     */
    public static final int MAX_INDEX_NESTING = 8;

    private final BlobTransfer transfer;
    private final ExecutorService blobPool;

    /** @param blobPool runs blob transfers of one manifest in parallel; its tasks never wait on each other */
    public ArtifactCopier(BlobTransfer transfer, ExecutorService blobPool) {
        this.transfer = transfer;
        this.blobPool = blobPool;
    }

    /**
     * What to copy, as planned.
     *
     * @param registry   the source registry
     * @param repository the source repository
     * @param reference  the tag (or digest) to put at each destination
     * @param digest     the digest the plan resolved {@code reference} to: the manifest is fetched by it, so the tag
     *                   is not looked up again (a tag moved since the plan is the next plan's business); null only
     *                   when the plan has none (then the reference is fetched)
     * @param tags       the source repository's tags when the caller has listed them (then signature and referrer
     *                   tags are looked up there instead of with HEADs); null to ask the registry
     */
    public record SourceArtifact(GuardedRegistry registry, RepositoryName repository, Reference reference,
                                 Digest digest, Set<String> tags, CopyScope scope) {
        public SourceArtifact {
            java.util.Objects.requireNonNull(registry, "registry");
            java.util.Objects.requireNonNull(repository, "repository");
            java.util.Objects.requireNonNull(reference, "reference");
            scope = scope == null ? CopyScope.ALL : scope;
        }

        /** Every kind of follower, whole indexes. */
        public SourceArtifact(GuardedRegistry registry, RepositoryName repository, Reference reference, Digest digest,
                              Set<String> tags) {
            this(registry, repository, reference, digest, tags, CopyScope.ALL);
        }

        /** The planned manifest's address: its digest when known, else the reference. */
        Reference planned() {
            return digest != null ? Reference.digest(digest) : reference;
        }
    }

    /**
     * Copies one artifact to the targets. Returns the failed targets with their cause (the registry's error code and
     * message); the others hold the artifact, its tag, its signatures and referrers.
     *
     * @param limiter the policy's bandwidth cap on source reads; null for none
     * @throws TransferInterruptedException when the calling thread is interrupted (flag restored): every blob
     *                                      transfer of the artifact is cancelled; nothing else is thrown
     */
    public Map<CopyTarget, Throwable> copy(SourceArtifact artifact, List<CopyTarget> targets,
                                           BandwidthLimiter limiter) {
        return copy(artifact, targets, limiter, LeaseCheck.NONE);
    }

    /**
     * Like {@link #copy(SourceArtifact, List, BandwidthLimiter)}, asking {@code lease} before every tag PUT: a
     * target whose tag would be put after the lease was lost fails with {@link LeaseLostException}, untagged.
     */
    public Map<CopyTarget, Throwable> copy(SourceArtifact artifact, List<CopyTarget> targets,
                                           BandwidthLimiter limiter, LeaseCheck lease) {
        Map<CopyTarget, Throwable> failures = new ConcurrentHashMap<>();
        CopySource src = new CopySource(artifact.registry(), artifact.repository(), artifact.tags(), limiter,
                artifact.scope(), lease);
        Optional<Digest> subject = CopySource.fallbackSubject(artifact.reference());
        if (subject.isPresent()) {
            copyFallbackIndex(src, (Reference.Tag) artifact.reference(), artifact.planned(), subject.get(), targets,
                    failures);
        } else {
            copyReference(src, artifact.reference(), artifact.planned(), targets, failures, 0);
        }
        return failures;
    }

    /** Gets the manifest at {@code fetch} and puts it under {@code reference} at each target, content first. */
    private void copyReference(CopySource src, Reference reference, Reference fetch, List<CopyTarget> targets,
                               Map<CopyTarget, Throwable> failures, int depth) {
        GuardedRegistry source = src.registry();
        RepositoryName sourceRepo = src.repo();
        BandwidthLimiter limiter = src.limiter();
        ManifestBytes manifest;
        IndexScope index;
        try {
            manifest = source.getManifest(sourceRepo, fetch);
            // platforms apply to the planned artifact only, never to a referrer
            index = depth == 0 ? IndexScope.of(src.scope(), manifest) : IndexScope.whole(manifest);
        } catch (RuntimeException e) {
            failAll(targets, e, failures);
            return;
        }
        CrashPoints.reach("copy.manifest-fetched", sourceRepo.value() + ":" + reference);
        ManifestBytes put = index.manifest();
        Reference putAs = index.rewritten() && reference instanceof Reference.DigestReference ? Reference.digest(put.digest())
                : reference;
        copyContent(source, sourceRepo, put, index.children(), alive(targets, failures), limiter, failures, 0);
        if (CrashPoints.enabled()) {
            // between blobs and manifest, or between children and index
            CrashPoints.reach(put.parse() instanceof Manifest.ImageIndex ? "copy.before-index-put"
                    : "copy.before-manifest-put", sourceRepo.value() + ":" + reference);
        }
        for (CopyTarget target : alive(targets, failures)) {
            try {
                if (putAs instanceof Reference.Tag) {
                    src.lease().beforeTag("tag " + putAs + " at " + target);
                }
                target.registry().putManifest(target.repository(), putAs, put);
                if (putAs instanceof Reference.Tag) {
                    // the tag is at the destination, the task row not updated yet
                    CrashPoints.reach("copy.tagged", sourceRepo.value() + ":" + reference);
                }
                if (index.rewritten()) {
                    target.progress().rewritten(put.digest());
                }
                LOG.info("{}:{} ({}) now at {}", sourceRepo.value(), reference, put.digest(), target);
            } catch (RuntimeException e) {
                fail(target, index.explain(e), failures);
            }
        }
        // a rewritten index is another manifest: what refers to the source's digest does not describe it
        if (depth < MAX_REFERRER_DEPTH && !index.rewritten()) {
            copyReferrers(src, manifest, alive(targets, failures), failures, depth);
        }
    }

    /**
     * Everything {@code manifest} references, present at each target before the manifest is put; {@code nesting}:
     * how many indexes above it lead here.
     */
    private void copyContent(GuardedRegistry source, RepositoryName sourceRepo, ManifestBytes manifest,
                             Predicate<Descriptor> children, List<CopyTarget> targets, BandwidthLimiter limiter,
                             Map<CopyTarget, Throwable> failures, int nesting) {
        // A destination that already has this manifest (by digest) has everything under it.
        List<CopyTarget> needing = new ArrayList<>();
        for (CopyTarget target : targets) {
            try {
                if (target.registry().headManifest(target.repository(), Reference.digest(manifest.digest())).isEmpty()) {
                    needing.add(target);
                }
            } catch (RuntimeException e) {
                fail(target, e, failures);
            }
        }
        if (needing.isEmpty()) {
            return;
        }
        Manifest parsed = manifest.parse();
        if (parsed instanceof Manifest.ImageIndex && nesting >= MAX_INDEX_NESTING) {
            // content addressing makes a true cycle impossible; a chain of indexes is its finite form
            failAll(needing, new InvalidManifestException("index " + manifest.digest() + " in " + source.name() + "/"
                    + sourceRepo.value() + " is nested " + (nesting + 1) + " indexes deep, more than the "
                    + MAX_INDEX_NESTING + " allowed (ArtifactCopier.MAX_INDEX_NESTING); refused"), failures);
            return;
        }
        if (parsed instanceof Manifest.ImageIndex index) {
            for (Descriptor child : index.manifests().stream().filter(children).toList()) {
                List<CopyTarget> alive = alive(needing, failures);
                if (alive.isEmpty()) {
                    return;
                }
                Reference childRef = Reference.digest(child.digest());
                ManifestBytes childBytes;
                try {
                    childBytes = source.getManifest(sourceRepo, childRef);
                } catch (RuntimeException e) {
                    failAll(alive, e, failures);
                    return;
                }
                copyContent(source, sourceRepo, childBytes, d -> true, alive, limiter, failures, nesting + 1);
                for (CopyTarget target : alive(alive, failures)) {
                    try {
                        target.registry().putManifest(target.repository(), childRef, childBytes);
                        CrashPoints.reach("copy.child-put", childRef);
                    } catch (RuntimeException e) {
                        fail(target, e, failures);
                    }
                }
            }
        } else {
            List<Future<Map<CopyTarget, Throwable>>> moves = new ArrayList<>();
            for (Descriptor blob : parsed.references()) {
                List<CopyTarget> alive = alive(needing, failures);
                moves.add(blobPool.submit(() -> transfer.ensure(source, sourceRepo, blob, alive, limiter)));
            }
            awaitAll(moves, needing, failures);
        }
    }

    private void copyReferrers(CopySource src, ManifestBytes subject, List<CopyTarget> targets,
                               Map<CopyTarget, Throwable> failures, int depth) {
        if (targets.isEmpty()) {
            return;
        }
        String base = subject.digest().algorithm() + "-" + subject.digest().hex();
        base = base.length() > 128 ? base.substring(0, 128) : base; // the fallback tag, as the OCI client names it
        List<Descriptor> referrers;
        try {
            for (Reference.Tag tag : CosignTags.forSubject(subject.digest())) {
                if (ArtifactKind.ofTag(tag).map(src.scope()::copies).orElse(true) && src.hasTag(tag.value())) {
                    copyReference(src, tag, tag, alive(targets, failures), failures, depth + 1);
                }
            }
            referrers = src.registry().referrers(src.repo(), subject.digest(), src.fallbackTag(base)).stream()
                    .filter(r -> src.scope().copies(ArtifactKind.of(r))).toList();
        } catch (RuntimeException e) {
            failAll(targets, e, failures);
            return;
        }
        copyByDigest(src, referrers, targets, failures, depth + 1);
    }

    /**
     * A source's referrers fallback tag: every referrer it lists is copied by digest first (the
     * destination's client adds each to the destination's own index, keeping what is there).
     * Then the source's index bytes are put under the tag only where the destination's index
     * lists nothing else, so a resync finds equal digests; a destination with the referrers API
     * (no fallback tag after the pushes) gets none.
     */
    private void copyFallbackIndex(CopySource src, Reference.Tag tag, Reference fetch, Digest subject,
                                   List<CopyTarget> targets, Map<CopyTarget, Throwable> failures) {
        ManifestBytes index;
        List<Descriptor> listed;
        try {
            index = src.registry().getManifest(src.repo(), fetch);
            if (!(index.parse() instanceof Manifest.ImageIndex parsed)) {
                throw new InvalidManifestException("referrers fallback tag " + tag + " of " + subject + " in "
                        + src.registry().name() + "/" + src.repo().value() + " is not an index");
            }
            listed = parsed.manifests();
        } catch (RuntimeException e) {
            failAll(targets, e, failures);
            return;
        }
        List<Descriptor> followed = listed.stream().filter(r -> src.scope().copies(ArtifactKind.of(r))).toList();
        copyByDigest(src, followed, targets, failures, 1);
        if (alive(targets, failures).isEmpty() || followed.size() < listed.size()) {
            return; // an index listing referrers of kinds the policy leaves out is not put
        }
        Set<Digest> sourceEntries = new HashSet<>();
        listed.forEach(d -> sourceEntries.add(d.digest()));
        for (CopyTarget target : alive(targets, failures)) {
            try {
                if (target.registry().headManifest(target.repository(), tag).isEmpty()) {
                    LOG.info("{} keeps referrers of {} in its referrers API; no fallback tag", target, subject);
                    continue;
                }
                List<Descriptor> there = target.registry().referrers(target.repository(), subject);
                if (there.stream().allMatch(d -> sourceEntries.contains(d.digest()))) {
                    src.lease().beforeTag("fallback tag " + tag + " at " + target);
                    target.registry().putManifest(target.repository(), tag, index);
                } else {
                    LOG.info("{}:{} also lists referrers the source has not; kept merged", target, tag);
                }
            } catch (RuntimeException e) {
                fail(target, e, failures);
            }
        }
    }

    /** Referrers are put by digest (never tagged): the destination's client indexes each under its subject. */
    private void copyByDigest(CopySource src, List<Descriptor> referrers, List<CopyTarget> targets,
                              Map<CopyTarget, Throwable> failures, int depth) {
        for (Descriptor referrer : referrers) {
            List<CopyTarget> alive = alive(targets, failures);
            if (alive.isEmpty()) {
                return;
            }
            Reference byDigest = Reference.digest(referrer.digest());
            copyReference(src, byDigest, byDigest, alive, failures, depth);
        }
    }
}
