package io.meridian.server.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints that exercise the problem+json handling (component-scanned in tests only). */
@RestController
@RequestMapping("/api/v1/test-probe")
class ProblemProbeController {

    record Item(@NotBlank String registry) {
    }

    record Body(@NotBlank String name, @Min(1) int count, @Valid List<Item> items) {
    }

    @PostMapping("/validated")
    Body validated(@Valid @RequestBody Body body) {
        return body;
    }

    @PostMapping("/conflict")
    void conflict() {
        throw ApiProblem.conflict("name", "region 'x' already exists");
    }
}
