package io.meridian.server.api.executions;

import io.meridian.server.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replication executions: trigger a policy, follow it, list its tasks, stop it. Path and query
 * parameters arrive as text and are checked here, so every bad one is a 400 naming it.
 */
@RestController
@RequestMapping("/api/v1")
public class ExecutionController {

    private static final int MAX_PAGE_SIZE = 500;
    /** The engine's task states, one place (BLOCKED: refused by a policy's scan gate). */
    private static final Set<String> TASK_STATES = java.util.Arrays.stream(io.meridian.sync.plan.TaskState.values())
            .map(Enum::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

    private final ExecutionService service;
    private final ExecutionQueries queries;

    public ExecutionController(ExecutionService service, ExecutionQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    @Operation(summary = "Run a policy now", responses = {
            @ApiResponse(responseCode = "202", description = "a new QUEUED execution"),
            @ApiResponse(responseCode = "200", description = "the policy is already running: that execution"),
            @ApiResponse(responseCode = "404", description = "no such policy")})
    @PostMapping("/policies/{name}/executions")
    public ResponseEntity<Map<String, Object>> trigger(@PathVariable("name") String name) {
        ExecutionService.Triggered triggered = service.trigger(name, "manual");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", triggered.id().toString());
        body.put("status", triggered.status());
        return ResponseEntity.status(triggered.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(body);
    }

    @Operation(summary = "One execution with its summary (live counts while it runs)", responses = {
            @ApiResponse(responseCode = "200", description = "the execution"),
            @ApiResponse(responseCode = "400", description = "id is not a UUID (problem names `id`)"),
            @ApiResponse(responseCode = "404", description = "no such execution")})
    @GetMapping("/executions/{id}")
    public ExecutionView get(@PathVariable("id") String id) {
        UUID uuid = parseId(id);
        return queries.find(uuid).orElseThrow(() -> ApiProblem.notFound("execution", id));
    }

    @Operation(summary = "An execution's tasks, one per (artifact, destination), by id", responses = {
            @ApiResponse(responseCode = "200", description = "one page of tasks"),
            @ApiResponse(responseCode = "400", description = "bad id, page, size or state (the problem names it)"),
            @ApiResponse(responseCode = "404", description = "no such execution")})
    @GetMapping("/executions/{id}/tasks")
    public Page<TaskView> tasks(@PathVariable("id") String id,
                                @Parameter(description = "page number, from 0") @RequestParam(name = "page", defaultValue = "0") String page,
                                @Parameter(description = "tasks per page, 1-500") @RequestParam(name = "size", defaultValue = "50") String size,
                                @Parameter(description = "only tasks in this state") @RequestParam(name = "state", required = false) String state) {
        UUID uuid = parseId(id);
        int p = page(page);
        int s = size(size);
        if (state != null && !TASK_STATES.contains(state)) {
            throw ApiProblem.badRequest("state", "unknown task state '" + state + "'; one of " + TASK_STATES);
        }
        queries.find(uuid).orElseThrow(() -> ApiProblem.notFound("execution", id));
        return queries.tasks(uuid, state, p, s);
    }

    @Operation(summary = "Ask a QUEUED or RUNNING execution to stop (it ends STOPPED at its next wave)", responses = {
            @ApiResponse(responseCode = "202", description = "stopping (idempotent while it stops)"),
            @ApiResponse(responseCode = "400", description = "id is not a UUID"),
            @ApiResponse(responseCode = "404", description = "no such execution"),
            @ApiResponse(responseCode = "409", description = "the execution has already finished")})
    @PostMapping("/executions/{id}/stop")
    public ResponseEntity<ExecutionView> stop(@PathVariable("id") String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.stop(parseId(id)));
    }

    @Operation(summary = "Executions, newest first, optionally of one policy", responses = {
            @ApiResponse(responseCode = "200", description = "one page of executions; empty for a policy that"
                    + " exists (or existed: history outlives a deleted policy) but never ran"),
            @ApiResponse(responseCode = "400", description = "bad page or size (the problem names it)"),
            @ApiResponse(responseCode = "404", description = "`policy` names no policy and no execution ever"
                    + " ran under that name (a typo, not an empty history)")})
    @GetMapping("/executions")
    public Page<ExecutionView> list(@Parameter(description = "policy name") @RequestParam(name = "policy", required = false) String policy,
                                    @Parameter(description = "page number, from 0") @RequestParam(name = "page", defaultValue = "0") String page,
                                    @Parameter(description = "executions per page, 1-500") @RequestParam(name = "size", defaultValue = "50") String size) {
        int p = page(page);
        int s = size(size);
        if (policy != null && !queries.policyKnown(policy)) {
            throw ApiProblem.notFound("policy", policy);
        }
        return queries.list(policy, p, s);
    }

    /** Shared with {@link ExecutionEventsController}: a 400 naming {@code id} unless it is a UUID. */
    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("id", "'" + id + "' is not an execution id (a UUID)");
        }
    }

    /** Shared with the policy preview: a 400 naming {@code page} unless it is an integer >= 0. */
    public static int page(String page) {
        int p = integer("page", page);
        if (p < 0) {
            throw ApiProblem.badRequest("page", "must be >= 0, was " + p);
        }
        return p;
    }

    /** Shared with the policy preview: a 400 naming {@code size} unless it is 1..{@value #MAX_PAGE_SIZE}. */
    public static int size(String size) {
        int s = integer("size", size);
        if (s < 1 || s > MAX_PAGE_SIZE) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + s);
        }
        return s;
    }

    private static int integer(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(field, "'" + value + "' is not an integer");
        }
    }
}
