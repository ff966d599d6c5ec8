package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * When a policy runs. A closed set, told apart in JSON by {@code "type"}:
 * {@code {"type":"manual"}}, {@code {"type":"cron","cron":"0 *}{@code /5 * * * ?"}},
 * {@code {"type":"event","debounceSeconds":10}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Trigger.Manual.class, name = "manual"),
        @JsonSubTypes.Type(value = Trigger.Cron.class, name = "cron"),
        @JsonSubTypes.Type(value = Trigger.Event.class, name = "event")})
public sealed interface Trigger permits Trigger.Manual, Trigger.Cron, Trigger.Event {

    /** The type names accepted in JSON, for error messages. */
    String TYPES = "manual, cron, event";

    /** Only when someone POSTs an execution. */
    record Manual() implements Trigger {
    }

    /**
     * On a Quartz cron schedule (seconds first, e.g. {@code 0 0/5 * * * ?}), evaluated in UTC.
     * Validated by {@link PolicyValidator} with Quartz's own parser.
     */
    record Cron(String cron) implements Trigger {
    }

    /**
     * When the source registry notifies a push. Pushes arriving within {@code debounceSeconds} of
     * each other are coalesced into one run, so a burst of tags does not start a burst of runs.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Event(Integer debounceSeconds) implements Trigger {

        public static final int DEFAULT_DEBOUNCE_SECONDS = 10;
        public static final int MAX_DEBOUNCE_SECONDS = 3600;

        public Event {
            if (debounceSeconds == null) {
                debounceSeconds = DEFAULT_DEBOUNCE_SECONDS;
            }
        }
    }
}
