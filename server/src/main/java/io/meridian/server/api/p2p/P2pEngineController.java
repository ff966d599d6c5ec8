package io.meridian.server.api.p2p;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/p2p-engines}: each region's Dragonfly or Kraken. Tokens go in, never out. */
@RestController
@RequestMapping("/api/v1/p2p-engines")
@Tag(name = "p2p-engines")
public class P2pEngineController {

    private final P2pEngineService service;

    public P2pEngineController(P2pEngineService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Register a region's P2P engine", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = P2pEngineBody.class))))
    public ResponseEntity<P2pEngineView> create(@RequestBody(required = false) String json) {
        P2pEngineView created = service.create(Bodies.read(json, P2pEngineBody.class, "p2p engine"));
        return ResponseEntity.created(URI.create("/api/v1/p2p-engines/" + created.name())).body(created);
    }

    @GetMapping
    public List<P2pEngineView> list() {
        return service.list();
    }

    @GetMapping("/{name}")
    public P2pEngineView get(@PathVariable String name) {
        return service.get(name);
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.delete(name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/health")
    @Operation(summary = "Ask the engine now: Dragonfly GET /healthy, Kraken GET /health")
    public P2pEngineHealth health(@PathVariable String name) {
        return service.health(name);
    }
}
