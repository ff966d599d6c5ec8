package io.meridian.bench.runner;

import io.meridian.bench.data.Dataset;

/** One way of getting a data set from the source into every destination; {@link #copy} times itself. */
public sealed interface Copier permits SkopeoSync, UploadFloor, MeridianCopier {

    /** Column name in reports, e.g. {@code skopeo×8}. */
    String name();

    /**
     * Copies everything and times the part that counts (for a server: trigger → terminal status). The note is for
     * the report (e.g. the server's summary) and never holds a secret.
     */
    Outcome copy(Dataset data, Target target);
}
