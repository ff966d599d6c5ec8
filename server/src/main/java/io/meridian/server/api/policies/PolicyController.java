package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.policies.StrictYaml;
import io.meridian.server.api.definitions.Bodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/policies}: sync policies, in and out in exactly the JSON of the API contract. */
@RestController
@RequestMapping("/api/v1/policies")
@Tag(name = "policies")
public class PolicyController {

    private final PolicyService service;

    public PolicyController(PolicyService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Create a sync policy (JSON, or YAML with Content-Type: application/yaml)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Policy.class)),
                    @Content(mediaType = PolicyYaml.MEDIA_TYPE, schema = @Schema(implementation = Policy.class))}))
    public ResponseEntity<Policy> create(@RequestBody(required = false) String body,
                                         @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type) {
        Policy created = service.create(PolicyYaml.read(body, type));
        return ResponseEntity.created(URI.create("/api/v1/policies/" + created.name())).body(created);
    }

    @GetMapping
    public List<Policy> list() {
        return service.list();
    }

    @GetMapping("/{name}")
    public Policy get(@PathVariable String name) {
        return service.get(name);
    }

    @GetMapping(value = "/{name}", produces = PolicyYaml.MEDIA_TYPE)
    @Operation(summary = "A sync policy as YAML (Accept: application/yaml): the same document as the JSON")
    public ResponseEntity<String> getYaml(@PathVariable String name) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PolicyYaml.MEDIA_TYPE))
                .body(StrictYaml.write(service.get(name)));
    }

    @PutMapping("/{name}")
    @Operation(summary = "Replace a sync policy (JSON, or YAML with Content-Type: application/yaml)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Policy.class)),
                    @Content(mediaType = PolicyYaml.MEDIA_TYPE, schema = @Schema(implementation = Policy.class))}))
    public Policy update(@PathVariable String name, @RequestBody(required = false) String body,
                         @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type) {
        Policy policy = PolicyYaml.read(body, type);
        return service.update(policy.withName(Bodies.nameForUpdate(name, policy.name(), "policy")));
    }

    @GetMapping("/{name}/versions")
    @Operation(summary = "A policy's stored versions, newest first (who changed it, when); a deleted policy's remain")
    public List<PolicyVersionView> versions(@PathVariable String name) {
        return service.versions(name);
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(summary = "One stored version of a policy, with its definition as it was accepted")
    public PolicyVersionView version(@PathVariable String name, @PathVariable int version) {
        return service.version(name, version);
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.delete(name);
        return ResponseEntity.noContent().build();
    }
}
