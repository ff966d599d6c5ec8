package io.meridian.server.api.regions;

import io.meridian.regions.Region;
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

/** {@code /api/v1/regions}: where registries live. */
@RestController
@RequestMapping("/api/v1/regions")
@Tag(name = "regions")
public class RegionController {

    private final RegionService service;

    public RegionController(RegionService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Create a region", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = RegionBody.class))))
    public ResponseEntity<RegionView> create(@RequestBody(required = false) String json) {
        RegionBody body = Bodies.read(json, RegionBody.class, "region");
        RegionView created = service.create(new Region(body.name(), body.displayName(), body.jurisdiction(),
                body.nodes(), body.originBandwidthMbps()));
        return ResponseEntity.created(URI.create("/api/v1/regions/" + created.name())).body(created);
    }

    @GetMapping
    public List<RegionView> list() {
        return service.list();
    }

    @GetMapping("/{name}")
    public RegionView get(@PathVariable String name) {
        return service.get(name);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Replace a region's display name and jurisdiction",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = RegionBody.class))))
    public RegionView update(@PathVariable String name, @RequestBody(required = false) String json) {
        RegionBody body = Bodies.read(json, RegionBody.class, "region");
        return service.update(new Region(Bodies.nameForUpdate(name, body.name(), "region"), body.displayName(),
                body.jurisdiction(), body.nodes(), body.originBandwidthMbps()));
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.delete(name);
        return ResponseEntity.noContent().build();
    }
}
