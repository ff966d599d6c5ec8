package io.meridian.sync.plan;

/** What a destination does with a tag that points to another digest (a policy destination's {@code onConflict}). */
public enum ConflictMode {
    /** Put the source's manifest under the tag. */
    OVERWRITE,
    /** Leave the destination's tag, report CONFLICT. */
    KEEP,
    /** Tag the old digest {@code <tag>-backup-<UTC yyyyMMddHHmmss>} first, then overwrite. */
    BACKUP;

    /** What {@code override} meant before {@code onConflict}: true overwrites, false keeps. */
    public static ConflictMode ofOverride(boolean override) {
        return override ? OVERWRITE : KEEP;
    }
}
