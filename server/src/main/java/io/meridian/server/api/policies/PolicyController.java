package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.server.api.definitions.Bodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
    @Operation(summary = "Create a sync policy", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = Policy.class))))
    public ResponseEntity<Policy> create(@RequestBody(required = false) String json) {
        Policy created = service.create(Bodies.read(json, Policy.class, "policy"));
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

    @PutMapping("/{name}")
    @Operation(summary = "Replace a sync policy", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = Policy.class))))
    public Policy update(@PathVariable String name, @RequestBody(required = false) String json) {
        Policy body = Bodies.read(json, Policy.class, "policy");
        return service.update(body.withName(Bodies.nameForUpdate(name, body.name(), "policy")));
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
