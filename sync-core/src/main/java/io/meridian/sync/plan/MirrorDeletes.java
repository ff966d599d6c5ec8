package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.TaskError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror mode's decision (a policy with {@code "deletes": true}), one source repository at a time:
 * which destination tags to delete. In scope are only the destination repositories this plan
 * writes (the source repository's name at each destination) and only tags the policy's tag
 * filter selects; a tag the source no longer lists is deleted. Distribution deletes by digest,
 * which removes <em>every</em> tag on that digest, so a deletion is planned only when no tag the
 * destination keeps (any tag not being deleted, in scope or not) and no tag this run writes points
 * to the same digest; otherwise it is a SKIPPED task ({@link #DELETE_SKIPPED_ACTION}) with error code
 * {@link #DELETE_SKIPPED} naming the tags that hold it. The job's delete step checks again at the destination after every copy.
 *
 * <p>Left alone, always: referrer fallback tags and cosign tags ({@code sha256-<hex>[.sig|.att|.sbom]}), which
 * follow their subject rather than the tag filter; and a repository whose source lists no tag at
 * all (an empty listing looks the same as a repository that was removed or renamed, and would empty
 * the destination). Cost: one tag listing per destination repository; HEADs only where a deletion is possible.
 */
public final class MirrorDeletes {

    /** The error code of a deletion held back by other tags on the same digest. */
    public static final String DELETE_SKIPPED = "DELETE_SKIPPED";
    /** Delete the tag at the destination (the job's delete step, after every copy). */
    public static final PlanAction DELETE = new PlanAction("delete", TaskState.PENDING);
    /** A deletion held back: other tags point to the digest (the preview's {@code delete-skipped}). */
    public static final PlanAction DELETE_SKIPPED_ACTION = new PlanAction("delete-skipped", TaskState.SKIPPED);

    private static final Logger LOG = LoggerFactory.getLogger(MirrorDeletes.class);
    private static final Pattern COMPANION_TAG = Pattern.compile("(sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})(\\.(sig|att|sbom))?");

    private MirrorDeletes() {
    }

    /** True for tags that follow a subject (referrers fallback index, cosign), never deleted by the mirror. */
    public static boolean followsSubject(String tag) {
        return COMPANION_TAG.matcher(tag).matches();
    }

    /**
     * Emits one delete task (PENDING, or SKIPPED with {@link #DELETE_SKIPPED}, or FAILED) per destination tag
     * in scope that {@code sourceTags}, the source repository's full listing, lacks.
     */
    public static void plan(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                            RepositoryName repo, List<String> sourceTags, Consumer<PlannedTask> emit) {
        if (sourceTags.isEmpty()) {
            LOG.info("{} lists no tag at source {}; mirror deletes leave its destinations alone", repo.value(),
                    source.name());
            return;
        }
        Set<String> atSource = new HashSet<>(sourceTags);
        Map<Digest, Set<String>> written = null;
        for (PlanDestination destination : destinations) {
            GuardedRegistry registry = destination.registry();
            RepositoryName destRepo;
            try {
                destRepo = destination.spec().destinationRepository(repo);
            } catch (IllegalArgumentException e) {
                continue; // a rename that makes no valid name: the copy tasks fail naming it; nothing to mirror
            }
            List<String> destTags;
            try {
                destTags = tagsOrNone(registry, destRepo);
            } catch (RuntimeException e) {
                // no tag to hang a task on: said in the log, and the next run decides again
                LOG.warn("mirror deletes of policy {}: tags of {}/{} could not be listed, no deletion planned there: {}",
                        spec.policy(), registry.name(), destRepo.value(), TaskError.of(e).message());
                continue;
            }
            Set<String> gone = new TreeSet<>();
            for (String tag : destTags) {
                if (!atSource.contains(tag) && spec.tagFilter().test(tag) && !followsSubject(tag)) {
                    gone.add(tag);
                }
            }
            if (gone.isEmpty()) {
                continue;
            }
            try {
                if (written == null) {
                    written = byDigest(source, repo, spec.tagSelection().apply(sourceTags));
                }
                decide(destination, repo, destRepo, destTags, gone, written, emit);
            } catch (RuntimeException e) {
                // without every digest, no deletion can be proven safe: none is made
                TaskError error = TaskError.of(e);
                for (String tag : gone) {
                    emit.accept(task(destination, repo, destRepo, tag, null, PlanAction.FAILED, error.code(),
                            "mirror delete not decided: " + error.message()));
                }
            }
        }
    }

    private static void decide(PlanDestination destination, RepositoryName repo, RepositoryName destRepo,
                               List<String> destTags, Set<String> gone, Map<Digest, Set<String>> written,
                               Consumer<PlannedTask> emit) {
        GuardedRegistry registry = destination.registry();
        Map<String, Descriptor> there = new HashMap<>();
        for (String tag : destTags) {
            registry.headManifest(destRepo, Reference.tag(tag)).ifPresent(d -> there.put(tag, d));
        }
        for (String tag : gone) {
            Descriptor descriptor = there.get(tag);
            if (descriptor == null) {
                continue; // removed meanwhile: nothing to do
            }
            Set<String> holders = new TreeSet<>();
            there.forEach((other, d) -> {
                if (!gone.contains(other) && d.digest().equals(descriptor.digest())) {
                    holders.add(other);
                }
            });
            for (String copied : written.getOrDefault(descriptor.digest(), Set.of())) {
                if (!holders.contains(copied)) {
                    holders.add(copied + " (copied by this run)");
                }
            }
            if (holders.isEmpty()) {
                emit.accept(task(destination, repo, destRepo, tag, descriptor, DELETE, null, null));
            } else {
                emit.accept(task(destination, repo, destRepo, tag, descriptor, DELETE_SKIPPED_ACTION,
                        DELETE_SKIPPED, heldBy(registry.name(), destRepo, descriptor.digest(), holders)));
            }
        }
    }

    /** "ldn/team/app: sha256:ab… is also tagged 1.0, latest; deleting it would remove them too". */
    public static String heldBy(String registry, RepositoryName repo, Digest digest, Set<String> holders) {
        return registry + "/" + repo.value() + ": " + digest + " is also tagged " + String.join(", ", holders)
                + "; a delete by digest would remove them too, so the tag is kept";
    }

    /** The digests the selected source tags point to (what this run writes at every destination). */
    private static Map<Digest, Set<String>> byDigest(GuardedRegistry source, RepositoryName repo, List<String> selected) {
        Map<Digest, Set<String>> byDigest = new HashMap<>();
        for (String reference : selected) {
            if (reference.contains(":")) {
                continue; // a tags.digests entry: written without a tag, it holds nothing
            }
            Optional<Descriptor> found = source.headManifest(repo, Reference.tag(reference));
            found.ifPresent(d -> byDigest.computeIfAbsent(d.digest(), k -> new TreeSet<>()).add(reference));
        }
        return byDigest;
    }

    private static List<String> tagsOrNone(GuardedRegistry registry, RepositoryName repo) {
        try {
            return new ArrayList<>(registry.listTags(repo));
        } catch (RegistryException e) {
            if (e.status() == 404 || e.errorCode().filter(c -> c == OciErrorCode.NAME_UNKNOWN).isPresent()) {
                return List.of();
            }
            throw e;
        }
    }

    private static PlannedTask task(PlanDestination destination, RepositoryName repo, RepositoryName destRepo,
                                    String tag, Descriptor there, PlanAction action, String code,
                                    String message) {
        return new PlannedTask(repo, Reference.tag(tag), null, there == null ? null : there.digest(),
                there == null ? null : there.mediaType(), destination.registry().id(), destRepo, action.state(), code,
                message, action, null, null);
    }
}
