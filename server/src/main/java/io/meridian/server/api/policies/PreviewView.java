package io.meridian.server.api.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A policy's preview (dry run): one page of what an execution would do, item by item, and the summary of all items.
 * Paginated like an execution's tasks ({@code page} from 0, {@code size}, {@code total}).
 */
public record PreviewView(List<Item> items, int page, int size, long total, Summary summary) {

    /**
     * One (artifact, destination) and the planner's action for it.
     *
     * @param action          copy, skip, overwrite, backup, conflict, rewrite, failed, and what other rules add
     *                        (delete, delete-skipped, blocked)
     * @param bytes           what the copy moves at most (manifests and blobs; blobs the destination already holds are
     *                        not subtracted); 0 for an action that copies nothing
     * @param warning         e.g. a sparse index a registry that checks children refuses
     * @param error           why the planner could not decide, or why the action is a conflict
     * @param rewrittenDigest the digest of the index platforms.mode rewrite writes
     */
    public record Item(String repository, String reference, String digest, Destination destination, String action,
                       long bytes, @JsonInclude(JsonInclude.Include.NON_NULL) String warning,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Error error,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String rewrittenDigest) {
    }

    public record Destination(String registry, String repository) {
    }

    public record Error(String code, String message) {
    }

    /** Counts and bytes per action over every item (not just this page), and the totals. */
    public record Summary(Map<String, Counts> actions, long items, long bytes, long warnings) {
    }

    public record Counts(long count, long bytes) {
    }
}
