package io.meridian.server.api.p2p;

import io.meridian.server.api.regions.RegionRepository;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.crypto.SecretCipher;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.security.UrlGuard;
import io.meridian.sync.p2p.EngineKind;
import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.P2pEngines;
import io.meridian.sync.p2p.PreheatScope;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * P2P engine rules: unique names, an existing region, an address the SSRF guard accepts, the Dragonfly token
 * encrypted at rest (bound to the engine's name) and never shown.
 */
@Service
public class P2pEngineService {

    private static final int MAX_TOKEN = 4096;
    private static final int MAX_NODES = 1_000_000;
    private static final int MAX_LIST = 64;
    /** {@code os/architecture[/variant]} as an index's platform prints it. */
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");

    private final P2pEngineRepository engines;
    private final RegionRepository regions;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final UrlGuard urlGuard;
    private final P2pEngines p2p;

    public P2pEngineService(P2pEngineRepository engines, RegionRepository regions, SecretCipher cipher, AuditLog audit,
                            UrlGuard urlGuard, P2pEngines p2p) {
        this.engines = engines;
        this.regions = regions;
        this.cipher = cipher;
        this.audit = audit;
        this.urlGuard = urlGuard;
        this.p2p = p2p;
    }

    @Transactional
    public P2pEngineView create(P2pEngineBody body) {
        P2pEngineView engine = validate(body);
        if (!regions.lockForReference(engine.region())) {
            throw new InvalidDefinitionException("p2p engine", List.of(
                    new FieldViolation("region", "unknown region '" + engine.region() + "'")));
        }
        byte[] token = body.token() == null ? null : cipher.encrypt(body.token(), context(engine.name()));
        if (!engines.insert(engine, token)) {
            throw ApiProblem.conflict("name", "p2p engine '" + engine.name() + "' already exists");
        }
        P2pEngineView created = engines.find(engine.name()).orElseThrow();
        audit.record("p2p-engine.create", engine.name(), created);
        return created;
    }

    @Transactional(readOnly = true)
    public P2pEngineView get(String name) {
        return engines.find(name).orElseThrow(() -> ApiProblem.notFound("p2p engine", name));
    }

    @Transactional(readOnly = true)
    public List<P2pEngineView> list() {
        return engines.list();
    }

    @Transactional
    public void delete(String name) {
        if (!engines.delete(name)) {
            throw ApiProblem.notFound("p2p engine", name);
        }
        audit.record("p2p-engine.delete", name, null);
    }

    /** For the replication engine and the health check: the engine with its token decrypted. */
    @Transactional(readOnly = true)
    public EngineSpec spec(String name) {
        P2pEngineView e = get(name);
        String token = engines.tokenCiphertext(name).map(c -> cipher.decrypt(c, context(name))).orElse(null);
        return new EngineSpec(e.name(), e.region(), EngineKind.parse(e.kind()), URI.create(e.url()), token,
                e.schedulerClusterIds(), PreheatScope.parse(e.scope()), e.nodes(), e.platforms());
    }

    public P2pEngineHealth health(String name) {
        EngineSpec spec = spec(name);
        long start = System.nanoTime();
        boolean healthy = p2p.preheater(spec).healthy();
        return new P2pEngineHealth(name, spec.kind().wire(), spec.base() + (spec.kind() == EngineKind.DRAGONFLY
                ? "/healthy" : "/health"), healthy, (System.nanoTime() - start) / 1_000_000);
    }

    /** Binds each ciphertext to its engine, so a ciphertext copied to another row does not decrypt. */
    static String context(String engine) {
        return "p2p-engine:" + engine;
    }

    private P2pEngineView validate(P2pEngineBody body) {
        Violations v = new Violations();
        Names.check(v, "name", body.name());
        Names.check(v, "region", body.region());
        EngineKind kind = null;
        try {
            kind = EngineKind.parse(body.kind());
        } catch (IllegalArgumentException e) {
            v.add("kind", e.getMessage());
        }
        String url = body.url() == null ? null : body.url().trim().replaceAll("/+$", "");
        if (url == null || url.isEmpty()) {
            v.add("url", "must not be empty, e.g. \"https://dragonfly-manager.ldn:8080\"");
        } else {
            checkUrl(url, v);
        }
        boolean dragonfly = kind == EngineKind.DRAGONFLY;
        if (dragonfly && (body.token() == null || body.token().isBlank())) {
            v.add("token", "is required for kind dragonfly: a personal access token with scope 'job'");
        } else if (body.token() != null && (body.token().length() > MAX_TOKEN || body.token().isBlank()
                || body.token().chars().anyMatch(Character::isWhitespace))) {
            v.add("token", "must be 1-" + MAX_TOKEN + " characters without whitespace"); // never echo it
        } else if (kind == EngineKind.KRAKEN && body.token() != null) {
            v.add("token", "is only for kind dragonfly (the Kraken proxy takes no token)");
        }
        List<Long> clusters = body.schedulerClusterIds() == null ? List.of() : body.schedulerClusterIds();
        if (dragonfly && clusters.isEmpty()) {
            v.add("schedulerClusterIds", "must name at least one Dragonfly scheduler cluster (a job without them goes"
                    + " to every cluster)");
        } else if (kind == EngineKind.KRAKEN && !clusters.isEmpty()) {
            v.add("schedulerClusterIds", "is only for kind dragonfly");
        }
        if (clusters.size() > MAX_LIST) {
            v.add("schedulerClusterIds", "must list at most " + MAX_LIST + " clusters");
        }
        for (int i = 0; i < clusters.size(); i++) {
            if (clusters.get(i) == null || clusters.get(i) < 1) {
                v.add("schedulerClusterIds[" + i + "]", "must be a cluster id >= 1, was " + clusters.get(i));
            }
        }
        String scope = body.scope() == null ? PreheatScope.SINGLE_SEED_PEER.wire() : body.scope();
        try {
            PreheatScope.parse(scope);
        } catch (IllegalArgumentException e) {
            v.add("scope", e.getMessage().replace(scope, Names.printable(scope)));
        }
        if (body.nodes() == null || body.nodes() < 1 || body.nodes() > MAX_NODES) {
            v.add("nodes", "must be the number of nodes pulling in the region, 1-" + MAX_NODES + ", was " + body.nodes());
        }
        List<String> platforms = body.platforms() == null ? List.of() : body.platforms();
        checkPlatforms(platforms, v);
        v.throwIfAny("p2p engine");
        return new P2pEngineView(body.name(), body.region(), kind.wire(), url, body.token() != null, clusters, scope,
                body.nodes(), platforms, null, null);
    }

    private void checkUrl(String url, Violations v) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            v.add("url", "is not a URL: \"" + Names.printable(url) + "\"");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            v.add("url", "must be http(s)://host[:port], was \"" + Names.printable(url) + "\"");
        } else if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            v.add("url", "must not carry user info, query or fragment");
        } else {
            urlGuard.registrationRefusal(url).ifPresent(reason -> v.add("url", "refused: " + reason));
        }
    }

    private static void checkPlatforms(List<String> platforms, Violations v) {
        if (platforms.size() > MAX_LIST) {
            v.add("platforms", "must list at most " + MAX_LIST + " platforms");
        }
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < platforms.size(); i++) {
            String p = platforms.get(i);
            if (p == null || !PLATFORM.matcher(p).matches()) {
                v.add("platforms[" + i + "]", "must be os/architecture[/variant], e.g. \"linux/arm64\", was \""
                        + Names.printable(String.valueOf(p)) + "\"");
            } else if (!seen.add(p)) {
                v.add("platforms[" + i + "]", "duplicates \"" + p + "\"");
            }
        }
    }
}
