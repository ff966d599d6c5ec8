package io.meridian.sync.helm;

import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one chart version at one destination, shaped like an image task: repository = chart name,
 * reference = version, digest = the chart's digest ({@code sha256:<hex>}, empty when the index had none).
 */
public record ChartTask(String destination, String repository, String reference, Optional<String> digest,
                        Outcome outcome, long bytes, String message) {

    public enum Outcome {
        /** Written (archive, provenance, then index or tag). */
        COPIED,
        /** Already at the destination with the same digest: nothing downloaded or written. */
        SKIPPED,
        /** At the destination with another digest and the policy does not override. */
        CONFLICT,
        FAILED
    }

    public ChartTask {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(outcome, "outcome");
        digest = digest == null ? Optional.empty() : digest;
        message = message == null ? "" : message;
    }
}
