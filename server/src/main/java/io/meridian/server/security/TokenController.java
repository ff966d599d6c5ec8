package io.meridian.server.security;

import io.meridian.server.api.definitions.Bodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens} (admin only): API tokens with roles; the secret is answered once, on
 * creation. ({@code GET /api/v1/me} is {@code MeController}.)
 */
@RestController
@Tag(name = "tokens")
public class TokenController {

    private final TokenService service;

    public TokenController(TokenService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/tokens")
    @Operation(summary = "Create an API token; the answer's \"token\" is the secret, shown this once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = TokenRequest.class))))
    public ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) String json) {
        Map<String, Object> created = service.create(Bodies.read(json, TokenRequest.class, "token"));
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.get("name"))).body(created);
    }

    @GetMapping("/api/v1/tokens")
    @Operation(summary = "Live API tokens (never their secrets)")
    public List<ApiTokens.TokenView> list() {
        return service.list();
    }

    @DeleteMapping("/api/v1/tokens/{name}")
    @Operation(summary = "Revoke an API token")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.revoke(name);
        return ResponseEntity.noContent().build();
    }
}
