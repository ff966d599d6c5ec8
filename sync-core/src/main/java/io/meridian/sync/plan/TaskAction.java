package io.meridian.sync.plan;

import java.util.Locale;

/** What a task does at its destination; the names, lowercased, are {@code tasks.action}. */
public enum TaskAction {
    /** Make the destination tag point to the source's digest (the transfer step). */
    COPY,
    /** Remove a tag the source no longer has (mirror mode; the delete step, after every copy). */
    DELETE;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
