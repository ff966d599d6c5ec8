package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.server.api.executions.ExecutionController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/policies/preview} (an unsaved policy, JSON or YAML) and {@code POST /api/v1/policies/{name}/preview}:
 * what an execution would do, decided by the execution's own planner, without writing anything anywhere.
 */
@RestController
@RequestMapping("/api/v1/policies")
@Tag(name = "policies")
public class PolicyPreviewController {

    private final PolicyPreviewService previews;

    public PolicyPreviewController(PolicyPreviewService previews) {
        this.previews = previews;
    }

    @PostMapping("/{name}/preview")
    @Operation(summary = "Preview (dry run) a stored policy: every (artifact, destination) with the action an execution"
            + " would take and the bytes it would move, paginated like tasks; writes nothing (no execution, no registry"
            + " write)", responses = {
            @ApiResponse(responseCode = "200", description = "one page of items and the summary of all"),
            @ApiResponse(responseCode = "400", description = "bad page or size (the problem names it)"),
            @ApiResponse(responseCode = "404", description = "no such policy")})
    public PreviewView preview(@PathVariable String name,
                               @Parameter(description = "page number, from 0") @RequestParam(name = "page", defaultValue = "0") String page,
                               @Parameter(description = "items per page, 1-500") @RequestParam(name = "size", defaultValue = "50") String size)
            throws InterruptedException {
        return previews.preview(name, ExecutionController.page(page), ExecutionController.size(size));
    }

    @PostMapping("/preview")
    @Operation(summary = "Preview (dry run) an unsaved policy (JSON, or YAML with Content-Type: application/yaml),"
            + " checked as a create checks it; writes nothing",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Policy.class)),
                    @Content(mediaType = PolicyYaml.MEDIA_TYPE, schema = @Schema(implementation = Policy.class))}),
            responses = {
                    @ApiResponse(responseCode = "200", description = "one page of items and the summary of all"),
                    @ApiResponse(responseCode = "400", description = "an invalid policy (every problem, each naming"
                            + " its field path), or bad page or size")})
    public PreviewView previewUnsaved(@RequestBody(required = false) String body,
                                      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
                                      @Parameter(description = "page number, from 0") @RequestParam(name = "page", defaultValue = "0") String page,
                                      @Parameter(description = "items per page, 1-500") @RequestParam(name = "size", defaultValue = "50") String size)
            throws InterruptedException {
        int p = ExecutionController.page(page);
        int s = ExecutionController.size(size);
        return previews.previewUnsaved(PolicyYaml.read(body, type), p, s);
    }
}
