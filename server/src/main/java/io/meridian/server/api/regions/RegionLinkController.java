package io.meridian.server.api.regions;

import io.meridian.regions.Link;
import io.meridian.server.api.definitions.Bodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/region-links}: the directed network links between regions, and the paths
 * Meridian would choose over them (a relay through a faster region, a fan-out tree that crosses
 * each link once).
 */
@RestController
@RequestMapping("/api/v1/region-links")
@Tag(name = "regions")
public class RegionLinkController {

    private final RegionLinkService service;

    public RegionLinkController(RegionLinkService service) {
        this.service = service;
    }

    @GetMapping
    public List<Link> list() {
        return service.list();
    }

    @PutMapping("/{from}/{to}")
    @Operation(summary = "Create or replace the link from one region to another",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = LinkBody.class))))
    public Link put(@PathVariable String from, @PathVariable String to, @RequestBody(required = false) String json) {
        return service.put(from, to, Bodies.read(json, LinkBody.class, "link"));
    }

    @DeleteMapping("/{from}/{to}")
    public ResponseEntity<Void> delete(@PathVariable String from, @PathVariable String to) {
        service.delete(from, to);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/route")
    @Operation(summary = "The best path from one region to another (weighting: latency, cost, or transfer with bytes)")
    public RouteView route(@RequestParam String from, @RequestParam String to,
                           @RequestParam(defaultValue = "latency") String weighting, @RequestParam(required = false) Long bytes) {
        return service.route(from, to, weighting, bytes);
    }

    @GetMapping("/fan-out")
    @Operation(summary = "The tree that takes one artifact from a region to many, crossing each link at most once")
    public FanOutView fanOut(@RequestParam String from, @RequestParam List<String> to,
                             @RequestParam(defaultValue = "latency") String weighting, @RequestParam(required = false) Long bytes) {
        return service.fanOut(from, to, weighting, bytes);
    }
}
