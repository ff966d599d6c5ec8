package io.meridian.sync.plan;

/** Where the planner sends its decisions; implementations batch them (thread-safe). */
public interface TaskSink {
    void accept(PlannedTask task);

    /** Writes whatever is buffered. */
    void flush();
}
