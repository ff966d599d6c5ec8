package io.meridian.sync.plan;

import java.util.Objects;

/**
 * What the planner decided for one (artifact, destination), by the name the preview shows ({@code copy},
 * {@code skip}, …) and the task state an execution records. An open set on purpose: a rule that adds an action
 * (mirror deletes, the scan gate) declares its own constant next to its rule, and preview and tasks show it without
 * any change here.
 *
 * @param name  the preview's {@code action} and the task's {@code action} column
 * @param state the state the task starts in (PENDING: the transfer step acts on it)
 */
public record PlanAction(String name, TaskState state) {

    public static final PlanAction COPY = new PlanAction("copy", TaskState.PENDING);
    public static final PlanAction OVERWRITE = new PlanAction("overwrite", TaskState.PENDING);
    /** Tag the destination's old digest {@code <tag>-backup-<UTC yyyyMMddHHmmss>}, then overwrite. */
    public static final PlanAction BACKUP = new PlanAction("backup", TaskState.PENDING);
    /** Write a new index with only the selected platforms' children (platforms.mode rewrite). */
    public static final PlanAction REWRITE = new PlanAction("rewrite", TaskState.PENDING);
    public static final PlanAction SKIP = new PlanAction("skip", TaskState.SKIPPED);
    public static final PlanAction CONFLICT = new PlanAction("conflict", TaskState.CONFLICT);
    /** The planner could not decide (a registry error, an invalid name): the task is FAILED with the reason. */
    public static final PlanAction FAILED = new PlanAction("failed", TaskState.FAILED);

    public PlanAction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    /** The action a task of {@code state} planned before actions were recorded (chart tasks, old rows). */
    public static PlanAction forState(TaskState state) {
        return switch (state) {
            case SKIPPED -> SKIP;
            case CONFLICT -> CONFLICT;
            case PENDING, RUNNING, COPIED -> COPY;
            default -> new PlanAction(state.name().toLowerCase(java.util.Locale.ROOT), state);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
