package io.meridian.server.api.executions;

import io.meridian.server.problem.ApiProblem;
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

/** Replication executions: trigger a policy, follow it, list its tasks, stop it. */
@RestController
@RequestMapping("/api/v1")
public class ExecutionController {

    private static final int MAX_PAGE_SIZE = 500;
    private static final Set<String> TASK_STATES =
            Set.of("PENDING", "RUNNING", "COPIED", "SKIPPED", "CONFLICT", "FAILED", "STOPPED");

    private final ExecutionService service;
    private final ExecutionQueries queries;

    public ExecutionController(ExecutionService service, ExecutionQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    /** 202 with a new QUEUED execution, or 200 with the one already running for this policy. */
    @PostMapping("/policies/{name}/executions")
    public ResponseEntity<Map<String, Object>> trigger(@PathVariable("name") String name) {
        ExecutionService.Triggered triggered = service.trigger(name, "manual");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", triggered.id().toString());
        body.put("status", triggered.status());
        return ResponseEntity.status(triggered.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(body);
    }

    @GetMapping("/executions/{id}")
    public ExecutionView get(@PathVariable("id") String id) {
        UUID uuid = parseId(id);
        return queries.find(uuid).orElseThrow(() -> ApiProblem.notFound("execution", id));
    }

    @GetMapping("/executions/{id}/tasks")
    public Page<TaskView> tasks(@PathVariable("id") String id,
                                @RequestParam(name = "page", defaultValue = "0") int page,
                                @RequestParam(name = "size", defaultValue = "50") int size,
                                @RequestParam(name = "state", required = false) String state) {
        UUID uuid = parseId(id);
        checkPage(page, size);
        if (state != null && !TASK_STATES.contains(state)) {
            throw ApiProblem.badRequest("state", "unknown task state '" + state + "'; one of " + TASK_STATES);
        }
        queries.find(uuid).orElseThrow(() -> ApiProblem.notFound("execution", id));
        return queries.tasks(uuid, state, page, size);
    }

    @PostMapping("/executions/{id}/stop")
    public ResponseEntity<ExecutionView> stop(@PathVariable("id") String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.stop(parseId(id)));
    }

    @GetMapping("/executions")
    public Page<ExecutionView> list(@RequestParam(name = "policy", required = false) String policy,
                                    @RequestParam(name = "page", defaultValue = "0") int page,
                                    @RequestParam(name = "size", defaultValue = "50") int size) {
        checkPage(page, size);
        return queries.list(policy, page, size);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("id", "'" + id + "' is not an execution id (a UUID)");
        }
    }

    private static void checkPage(int page, int size) {
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
