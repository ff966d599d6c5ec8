package io.meridian.server.security;

import io.meridian.server.audit.AuditLog;
import io.meridian.server.problem.ApiProblem;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists and revokes API tokens; every change is audited (never with the secret). */
@Service
public class TokenService {

    private final ApiTokens tokens;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    public TokenService(ApiTokens tokens, JdbcClient jdbc, AuditLog audit) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** @return the token's view plus {@code token}, the secret, shown this once */
    @Transactional
    public Map<String, Object> create(TokenRequest request) {
        Violations v = new Violations();
        Names.check(v, "name", request.name());
        Role role = Role.parse(request.role());
        if (role == null) {
            v.add("role", "must be one of admin, operator, viewer, webhook");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now())) {
            v.add("expiresAt", "must be in the future");
        }
        Long registryId = null;
        if (role == Role.WEBHOOK) {
            if (request.registry() == null) {
                v.add("registry", "a webhook token is for one registry: name it");
            } else {
                registryId = jdbc.sql("SELECT id FROM registries WHERE name = ? FOR SHARE").param(request.registry())
                        .query(Long.class).optional().orElse(null);
                if (registryId == null) {
                    v.add("registry", "unknown registry '" + Names.printable(request.registry()) + "'");
                }
            }
        } else if (request.registry() != null && role != null) {
            v.add("registry", "only a webhook token names a registry");
        }
        if (!v.list().isEmpty()) {
            throw new InvalidDefinitionException("token", v.list());
        }
        String secret = ApiTokens.generate();
        if (!tokens.create(request.name(), role, request.expiresAt(), registryId, secret)) {
            throw ApiProblem.conflict("name", "token '" + request.name() + "' already exists");
        }
        ApiTokens.TokenView view = tokens.find(request.name()).orElseThrow();
        audit.record("token.create", view.name(), null, view);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", view.name());
        answer.put("role", view.role());
        answer.put("registry", view.registry());
        answer.put("createdAt", view.createdAt());
        answer.put("expiresAt", view.expiresAt());
        answer.put("token", secret);
        return answer;
    }

    @Transactional(readOnly = true)
    public List<ApiTokens.TokenView> list() {
        return tokens.list();
    }

    @Transactional
    public void revoke(String name) {
        ApiTokens.TokenView before = tokens.find(name).orElseThrow(() -> ApiProblem.notFound("token", name));
        tokens.revoke(name);
        audit.record("token.delete", name, before, null);
    }
}
