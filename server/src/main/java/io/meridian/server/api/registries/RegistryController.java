package io.meridian.server.api.registries;

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

/** {@code /api/v1/registries}: the registries Meridian reads and writes. Passwords go in, never out. */
@RestController
@RequestMapping("/api/v1/registries")
@Tag(name = "registries")
public class RegistryController {

    private final RegistryService service;
    private final RegistryHealthChecker health;

    public RegistryController(RegistryService service, RegistryHealthChecker health) {
        this.service = service;
        this.health = health;
    }

    @PostMapping
    @Operation(summary = "Register a registry", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = RegistryBody.class))))
    public ResponseEntity<RegistryView> create(@RequestBody(required = false) String json) {
        RegistryView created = service.create(Bodies.read(json, RegistryBody.class, "registry"));
        return ResponseEntity.created(URI.create("/api/v1/registries/" + created.name())).body(created);
    }

    @GetMapping
    public List<RegistryView> list() {
        return service.list();
    }

    @GetMapping("/{name}")
    public RegistryView get(@PathVariable String name) {
        return service.get(name);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Replace a registry; omit password to keep the stored one",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = RegistryBody.class))))
    public RegistryView update(@PathVariable String name, @RequestBody(required = false) String json) {
        RegistryBody body = Bodies.read(json, RegistryBody.class, "registry");
        return service.update(Bodies.nameForUpdate(name, body.name(), "registry"), body);
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.delete(name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/health")
    @Operation(summary = "GET /v2/ on the registry now: reachable on 200 or 401, with status and latency")
    public RegistryHealth health(@PathVariable String name) {
        return health.check(service.get(name));
    }
}
