package io.meridian.server.audit;

import io.meridian.server.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit?page&size&kind} (admin only): every change, newest first, secrets redacted. */
@RestController
@Tag(name = "audit")
public class AuditController {

    static final int MAX_SIZE = 500;

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Audit records, newest first: who, when, what (kind, action, target), before and after "
            + "with secrets redacted; kind filters (policy, token, region, registry, link...)")
    public AuditLog.Page list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                              @RequestParam(required = false) String kind) {
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        return audit.page(kind, page, size);
    }
}
