package io.meridian.server.api.p2p;

import io.meridian.server.api.registries.RegistryService;
import io.meridian.server.api.registries.RegistryView;
import io.meridian.server.problem.ApiProblem;
import io.meridian.sync.p2p.EngineKind;
import io.meridian.sync.p2p.EngineSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/regions/{name}/p2p}: the node installer of a region's P2P engine and the region's CA. */
@RestController
@RequestMapping("/api/v1/regions/{name}/p2p")
@Tag(name = "p2p-engines")
public class RegionP2pController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

    private final RegionCertificateAuthority ca;
    private final P2pEngineService engines;
    private final RegistryService registries;

    public RegionP2pController(RegionCertificateAuthority ca, P2pEngineService engines, RegistryService registries) {
        this.ca = ca;
        this.engines = engines;
        this.registries = registries;
    }

    @GetMapping("/ca.pem")
    @Operation(summary = "The region's P2P CA certificate (generated once per region)")
    public ResponseEntity<String> caPem(@PathVariable String name) {
        return ResponseEntity.ok().contentType(PEM).body(ca.certificatePem(name));
    }

    @GetMapping("/installer")
    @Operation(summary = "Kubernetes manifest (multi-document YAML) installing dfdaemon as the nodes' registry mirror")
    public ResponseEntity<String> installer(@PathVariable String name, @RequestParam(required = false) String engine) {
        if (engine == null || engine.isBlank()) {
            throw ApiProblem.badRequest("engine", "must name a P2P engine of region '" + name + "'");
        }
        P2pEngineView view = engines.list().stream().filter(e -> e.name().equals(engine)).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("engine", "unknown P2P engine '" + engine + "'"));
        if (!view.region().equals(name)) {
            throw ApiProblem.badRequest("engine", "engine '" + engine + "' is in region '" + view.region()
                    + "', not '" + name + "'");
        }
        EngineSpec spec = engines.spec(engine);
        if (spec.kind() != EngineKind.DRAGONFLY) {
            throw ApiProblem.badRequest("engine", "the installer is for dragonfly engines; '" + engine + "' is "
                    + spec.kind().wire());
        }
        List<String> urls = registries.list().stream().filter(r -> r.region().equals(name)).map(RegistryView::url)
                .toList();
        String yaml = P2pInstaller.yaml(P2pInstaller.objects(name, spec.url(), ca.certificatePem(name), urls));
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }
}
