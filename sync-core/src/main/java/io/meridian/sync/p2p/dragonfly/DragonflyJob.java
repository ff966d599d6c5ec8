package io.meridian.sync.p2p.dragonfly;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A job as {@code POST/GET /oapi/v1/jobs} answer it (manager/models/job.go {@code Job}: {@code id}, {@code task_id},
 * {@code type}, {@code state}, {@code result}); {@code result} is internal/job/job.go {@code GroupJobState} whose
 * {@code job_states[]} carry {@code state}, {@code error} and {@code results[]} (a {@code PreheatResponse}:
 * {@code success_tasks[]}, {@code failure_tasks[]}, {@code scheduler_cluster_id}). {@code args} is not kept: it echoes
 * the request's headers, the pull credential included.
 */
public record DragonflyJob(long id, String state, List<TaskState> jobStates) {

    public static final String PENDING = "PENDING";
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";

    public DragonflyJob {
        jobStates = List.copyOf(jobStates);
    }

    /** One machinery task of the group (one per layer set and scheduler). */
    public record TaskState(String state, String error, List<Host> succeeded, List<Host> failed) {
        public TaskState {
            succeeded = List.copyOf(succeeded);
            failed = List.copyOf(failed);
        }
    }

    /** A {@code PreheatSuccessTask} / {@code PreheatFailureTask}: which host fetched (or failed) which URL. */
    public record Host(String url, String hostname, String ip, String description) {
    }

    public boolean finished() {
        return SUCCESS.equals(state) || FAILURE.equals(state);
    }

    /** The first non-empty {@code job_states[].error}, else the first failure task's description. */
    public String firstError() {
        for (TaskState t : jobStates) {
            if (t.error() != null && !t.error().isBlank()) {
                return t.error();
            }
        }
        for (TaskState t : jobStates) {
            for (Host h : t.failed()) {
                if (h.description() != null && !h.description().isBlank()) {
                    return h.description() + " (" + h.hostname() + ")";
                }
            }
        }
        return null;
    }

    static DragonflyJob parse(JsonNode n) {
        List<TaskState> states = new ArrayList<>();
        for (JsonNode s : n.path("result").path("job_states")) {
            List<Host> ok = new ArrayList<>();
            List<Host> ko = new ArrayList<>();
            for (JsonNode r : s.path("results")) {
                r.path("success_tasks").forEach(t -> ok.add(host(t)));
                r.path("failure_tasks").forEach(t -> ko.add(host(t)));
            }
            states.add(new TaskState(s.path("state").asString(""), s.path("error").asString(""), ok, ko));
        }
        return new DragonflyJob(n.path("id").asLong(), n.path("state").asString(""), states);
    }

    private static Host host(JsonNode t) {
        return new Host(t.path("url").asString(""), t.path("hostname").asString(""), t.path("ip").asString(""),
                t.path("description").asString(null));
    }
}
