package io.meridian.sync.batch;

import java.util.List;

/** The transfer step's output item: how each task of one artifact ended. */
public record ArtifactOutcome(PendingArtifact artifact, List<TaskOutcome> tasks) {
    public ArtifactOutcome {
        tasks = List.copyOf(tasks);
    }
}
