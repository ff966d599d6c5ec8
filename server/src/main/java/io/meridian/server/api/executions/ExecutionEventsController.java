package io.meridian.server.api.executions;

import io.meridian.server.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/executions/{id}/events}: an execution's progress as server-sent events, for
 * the console and for {@code curl -N -H 'Authorization: Bearer …'}. Events: {@code execution}
 * ({@link ExecutionProgress}) whenever its status, counts or bytes change, {@code task}
 * ({@link TaskView}) for every task on subscribing and whenever one changes state or bytes, and a
 * last {@code end} ({@link ExecutionProgress}) once the execution finished; then the stream closes.
 */
@RestController
@Tag(name = "executions")
public class ExecutionEventsController {

    private final ExecutionQueries queries;
    private final ExecutionEventHub hub;

    public ExecutionEventsController(ExecutionQueries queries, ExecutionEventHub hub) {
        this.queries = queries;
        this.hub = hub;
    }

    @Operation(summary = "Follow an execution live (text/event-stream: execution, task, end)", responses = {
            @ApiResponse(responseCode = "200", description = "the event stream; it ends after the `end` event"),
            @ApiResponse(responseCode = "400", description = "id is not a UUID"),
            @ApiResponse(responseCode = "404", description = "no such execution")})
    @GetMapping("/api/v1/executions/{id}/events")
    public SseEmitter events(@PathVariable("id") String id) {
        UUID uuid = ExecutionController.parseId(id);
        queries.find(uuid).orElseThrow(() -> ApiProblem.notFound("execution", id));
        return hub.subscribe(uuid);
    }
}
