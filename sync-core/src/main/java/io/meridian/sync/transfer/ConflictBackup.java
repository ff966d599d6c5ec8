package io.meridian.sync.transfer;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code onConflict: backup}: before a destination tag is overwritten, the digest it points to is tagged
 * {@code <tag>-backup-<UTC yyyyMMddHHmmss>} at the same destination, so the old content stays reachable. The old
 * manifest's bytes are put back unchanged (same digest; its blobs are already there).
 */
public final class ConflictBackup {

    private static final Logger LOG = LoggerFactory.getLogger(ConflictBackup.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_TAG = 128;

    private final Clock clock;

    public ConflictBackup(Clock clock) {
        this.clock = clock;
    }

    /** The backup tag of {@code tag} at this moment. */
    public Reference.Tag backupTag(Reference.Tag tag) {
        String name = tag.value() + "-backup-" + STAMP.format(clock.instant());
        if (name.length() > MAX_TAG) {
            throw new IllegalArgumentException("backup tag of " + tag.value() + " would be " + name.length()
                    + " characters, more than the " + MAX_TAG + " a tag may have; not overwritten");
        }
        return Reference.tag(name);
    }

    /**
     * Tags what {@code target} holds under {@code reference} as its backup, unless it already holds
     * {@code incoming} there (nothing to keep) or nothing (nothing to keep either).
     *
     * @return the backup tag written, or empty
     */
    public Optional<Reference.Tag> backup(CopyTarget target, Reference reference, Digest incoming) {
        if (!(reference instanceof Reference.Tag tag)) {
            return Optional.empty(); // a digest reference cannot point elsewhere
        }
        Optional<Descriptor> there = target.registry().headManifest(target.repository(), tag);
        if (there.isEmpty() || there.get().digest().equals(incoming)) {
            return Optional.empty();
        }
        Reference.Tag backupTag = backupTag(tag);
        ManifestBytes old = target.registry().getManifest(target.repository(), Reference.digest(there.get().digest()));
        target.registry().putManifest(target.repository(), backupTag, old);
        LOG.info("{}:{} was {}; kept as {} before the overwrite", target, tag.value(), old.digest(), backupTag.value());
        return Optional.of(backupTag);
    }
}
