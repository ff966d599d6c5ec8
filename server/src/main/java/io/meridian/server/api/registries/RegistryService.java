package io.meridian.server.api.registries;

import io.meridian.regions.RegistryDefinition;
import io.meridian.regions.RegistryKind;
import io.meridian.server.api.regions.RegionRepository;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.crypto.SecretCipher;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.security.UrlGuard;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Violations;
import io.meridian.sync.helm.S3Settings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registry rules: unique names, an existing region, credentials encrypted at rest and never
 * shown, and no deletion while a policy or replication history refers to the registry.
 */
@Service
public class RegistryService {

    private static final int MAX_USERNAME = 255;
    private static final int MAX_PASSWORD = 8192;

    private final RegistryRepository registries;
    private final RegionRepository regions;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final UrlGuard urlGuard;

    public RegistryService(RegistryRepository registries, RegionRepository regions, SecretCipher cipher, AuditLog audit,
                           ApplicationEventPublisher events, UrlGuard urlGuard) {
        this.registries = registries;
        this.regions = regions;
        this.cipher = cipher;
        this.audit = audit;
        this.events = events;
        this.urlGuard = urlGuard;
    }

    @Transactional
    public RegistryView create(RegistryBody body) {
        Validated checked = validated(body, body.name());
        RegistryDefinition definition = checked.registry();
        requireRegion(definition.region());
        if (!registries.insert(definition, body.caBundle(), body.username(), encrypt(definition.name(), body.password()),
                s3Columns(definition, body.s3()))) {
            throw ApiProblem.conflict("name", "registry '" + definition.name() + "' already exists");
        }
        registries.setEndpoints(definition.name(), Endpoints.toJson(checked.endpoints()));
        RegistryView created = registries.find(definition.name()).orElseThrow();
        audit.record("registry.create", definition.name(), null, created);
        return created;
    }

    /**
     * Replaces the definition. A body without a password keeps the stored one (clients cannot
     * read it back to resend it); a body without a username makes the registry anonymous.
     */
    @Transactional
    public RegistryView update(String name, RegistryBody body) {
        Validated checked = validated(body, name);
        RegistryDefinition definition = checked.registry();
        if (!registries.lockForDelete(name)) {
            throw ApiProblem.notFound("registry", name);
        }
        requireRegion(definition.region());
        RegistryView before = registries.find(name).orElseThrow();
        boolean keepPassword = body.password() == null && body.username() != null;
        registries.update(definition, body.caBundle(), body.username(), encrypt(name, body.password()), keepPassword,
                s3Columns(definition, body.s3()));
        registries.setEndpoints(name, Endpoints.toJson(checked.endpoints()));
        RegistryView updated = registries.find(name).orElseThrow();
        audit.record("registry.update", name, before, updated);
        events.publishEvent(new RegistryChanged(name, RegistryChanged.Change.UPDATED));
        return updated;
    }

    @Transactional(readOnly = true)
    public RegistryView get(String name) {
        return registries.find(name).orElseThrow(() -> ApiProblem.notFound("registry", name));
    }

    @Transactional(readOnly = true)
    public List<RegistryView> list() {
        return registries.list();
    }

    @Transactional
    public void delete(String name) {
        if (!registries.lockForDelete(name)) {
            throw ApiProblem.notFound("registry", name);
        }
        RegistryView before = registries.find(name).orElseThrow();
        List<String> policies = registries.policiesUsing(name);
        if (!policies.isEmpty()) {
            throw ApiProblem.conflict("name", "registry '" + name + "' is used by policies " + String.join(", ", policies)
                    + "; change or delete them first");
        }
        long history = registries.historyCount(name);
        if (history > 0) {
            throw ApiProblem.conflict("name", "registry '" + name + "' has replication history (" + history
                    + " tasks) that must keep referring to it");
        }
        try {
            registries.delete(name);
        } catch (DataIntegrityViolationException e) {
            throw ApiProblem.conflict("name", "registry '" + name + "' is still referenced by replication history");
        }
        audit.record("registry.delete", name, before, null);
        events.publishEvent(new RegistryChanged(name, RegistryChanged.Change.DELETED));
    }

    /** For the replication engine: the decrypted credentials of a registry. */
    @Transactional(readOnly = true)
    public RegistryCredentials credentials(String name) {
        RegistryView registry = get(name);
        if (registry.username() == null) {
            return RegistryCredentials.ANONYMOUS;
        }
        String password = registries.passwordCiphertext(name).map(c -> cipher.decrypt(c, context(name))).orElse(null);
        return new RegistryCredentials(registry.username(), password);
    }

    /**
     * For the replication engine: the bucket settings of an {@code s3} registry with its keys decrypted (empty keys:
     * the AWS default credentials chain); empty for other kinds.
     */
    @Transactional(readOnly = true)
    public Optional<S3Settings> s3Settings(String name) {
        RegistryView registry = get(name);
        if (registry.s3() == null) {
            return Optional.empty();
        }
        S3View s3 = registry.s3();
        Optional<byte[][]> keys = registries.s3KeyCiphertexts(name);
        return Optional.of(new S3Settings(s3.bucket(), s3.prefix(), s3.region(),
                Optional.ofNullable(s3.endpoint()).map(URI::create), s3.pathStyle(),
                keys.map(k -> cipher.decrypt(k[0], context(name) + ":s3.accessKeyId")),
                keys.map(k -> cipher.decrypt(k[1], context(name) + ":s3.secretAccessKey"))));
    }

    private RegistryRepository.S3Columns s3Columns(RegistryDefinition definition, S3Body s3) {
        if (definition.kind() != RegistryKind.S3) {
            return new RegistryRepository.S3Columns(null, null, null, null, false, null, null, false);
        }
        boolean keep = s3.accessKeyId() == null && s3.secretAccessKey() == null;
        boolean clear = "".equals(s3.accessKeyId());
        String context = context(definition.name());
        return new RegistryRepository.S3Columns(s3.bucket(), S3Settings.normalisePrefix(s3.prefix()), s3.region(),
                blankToNull(s3.endpoint()), Boolean.TRUE.equals(s3.pathStyle()),
                keep || clear ? null : cipher.encrypt(s3.accessKeyId(), context + ":s3.accessKeyId"),
                keep || clear ? null : cipher.encrypt(s3.secretAccessKey(), context + ":s3.secretAccessKey"),
                keep);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim().replaceAll("/+$", "");
    }

    private void requireRegion(String region) {
        if (!regions.lockForReference(region)) {
            throw new InvalidDefinitionException("registry", List.of(
                    new FieldViolation("region", "unknown region '" + region + "'")));
        }
    }

    private byte[] encrypt(String registry, String password) {
        return password == null ? null : cipher.encrypt(password, context(registry));
    }

    /** Binds each ciphertext to its registry, so a ciphertext copied to another row does not decrypt. */
    private static String context(String registry) {
        return "registry:" + registry;
    }

    private record Validated(RegistryDefinition registry, List<io.meridian.regions.EndpointDefinition> endpoints) {
    }

    private Validated validated(RegistryBody body, String name) {
        Violations v = new Violations();
        RegistryKind kind = null;
        if (body.kind() != null) {
            try {
                kind = RegistryKind.parse(body.kind());
            } catch (IllegalArgumentException e) {
                v.add("kind", e.getMessage());
            }
        }
        String url = body.url();
        if (kind == RegistryKind.S3) {
            url = S3Fields.check(body, v);
        } else if (body.s3() != null) {
            v.add("s3", "is only for kind s3");
        }
        RegistryDefinition definition = null;
        try {
            definition = new RegistryDefinition(name, body.region(), url, Boolean.TRUE.equals(body.insecure()), kind);
        } catch (InvalidDefinitionException e) {
            v.addAll(e.violations());
        }
        if (definition != null) {
            urlGuard.registrationRefusal(definition.url().toString()).ifPresent(reason -> v.add("url", "refused: " + reason));
        }
        if (body.username() != null && (body.username().isBlank() || body.username().length() > MAX_USERNAME)) {
            v.add("username", "must be 1-" + MAX_USERNAME + " characters when given");
        }
        if (body.password() != null && body.username() == null) {
            v.add("username", "is required when a password is given");
        }
        if (body.caBundle() != null) {
            CaBundles.problem(body.caBundle(), definition).ifPresent(p -> v.add("caBundle", p));
        }
        if (body.password() != null && (body.password().isEmpty() || body.password().length() > MAX_PASSWORD)) {
            v.add("password", "must be 1-" + MAX_PASSWORD + " characters when given"); // never echo it
        }
        List<io.meridian.regions.EndpointDefinition> endpoints = Endpoints.check(body.endpoints(), definition,
                Boolean.TRUE.equals(body.insecure()), urlGuard, v);
        v.throwIfAny("registry");
        return new Validated(definition, endpoints);
    }
}
