package io.meridian.server.api.policies;

import io.meridian.policies.Destination;
import io.meridian.policies.Policy;
import io.meridian.policies.PolicyValidator;
import io.meridian.server.api.registries.RegistryRepository;
import io.meridian.server.audit.Actor;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.problem.ApiProblem;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Policy rules: everything {@link PolicyValidator} checks, plus that every named registry exists
 * (locked while the policy is written, so it cannot vanish underneath), unique names, and no
 * deletion while an execution is active. Every change is stored as a numbered version, audited
 * and published.
 */
@Service
public class PolicyService {

    private final PolicyRepository policies;
    private final RegistryRepository registries;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final PolicyProperties properties;
    private final PolicyVersions versions;
    private final io.meridian.server.api.p2p.P2pEngineRepository engines;

    public PolicyService(PolicyRepository policies, RegistryRepository registries, AuditLog audit,
                         ApplicationEventPublisher events, PolicyProperties properties, PolicyVersions versions,
                         io.meridian.server.api.p2p.P2pEngineRepository engines) {
        this.engines = engines;
        this.properties = properties;
        this.versions = versions;
        this.policies = policies;
        this.registries = registries;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public Policy create(Policy policy) {
        validate(policy);
        if (!policies.insert(policy)) {
            throw ApiProblem.conflict("name", "policy '" + policy.name() + "' already exists");
        }
        versions.record(policy, "create", Actor.current());
        audit.record("policy.create", policy.name(), policy);
        events.publishEvent(new PolicyChanged(policy.name(), policy));
        return policy;
    }

    @Transactional
    public Policy update(Policy policy) {
        if (!policies.lockForChange(policy.name())) {
            throw ApiProblem.notFound("policy", policy.name());
        }
        validate(policy);
        Policy before = policies.find(policy.name()).orElse(null);
        policies.update(policy);
        versions.record(policy, "update", Actor.current());
        audit.record("policy.update", policy.name(), before, policy);
        events.publishEvent(new PolicyChanged(policy.name(), policy));
        return policy;
    }

    @Transactional(readOnly = true)
    public Policy get(String name) {
        return policies.find(name).orElseThrow(() -> ApiProblem.notFound("policy", name));
    }

    @Transactional(readOnly = true)
    public List<Policy> list() {
        return policies.list();
    }

    /** Newest first; a deleted policy's versions stay readable. */
    @Transactional(readOnly = true)
    public List<PolicyVersionView> versions(String name) {
        List<PolicyVersionView> list = versions.list(name);
        if (list.isEmpty()) {
            throw ApiProblem.notFound("policy", name);
        }
        return list;
    }

    @Transactional(readOnly = true)
    public PolicyVersionView version(String name, int version) {
        return versions.find(name, version).orElseThrow(() -> ApiProblem.notFound("policy version",
                name + "/versions/" + version));
    }

    @Transactional
    public void delete(String name) {
        if (!policies.lockForChange(name)) {
            throw ApiProblem.notFound("policy", name);
        }
        List<String> active = policies.activeExecutions(name);
        if (!active.isEmpty()) {
            throw ApiProblem.conflict("name", "policy '" + name + "' has an active execution (" + String.join(", ", active)
                    + "); stop it first");
        }
        Policy before = policies.find(name).orElse(null);
        policies.delete(name);
        audit.record("policy.delete", name, before, null);
        events.publishEvent(new PolicyChanged(name, null));
    }

    /** Checks {@code policy} exactly as a create would (for a preview of an unsaved policy); stores nothing. */
    @Transactional
    public void check(Policy policy) {
        validate(policy);
    }

    private void validate(Policy policy) {
        List<FieldViolation> violations = new ArrayList<>(PolicyValidator.validate(policy, properties.minCronInterval()));
        Set<String> named = new LinkedHashSet<>();
        if (policy.source() != null && policy.source().registry() != null) {
            named.add(policy.source().registry());
        }
        if (policy.destinations() != null) {
            policy.destinations().stream().filter(d -> d != null && d.registry() != null).map(Destination::registry)
                    .forEach(named::add);
        }
        Set<String> existing = new LinkedHashSet<>(registries.lockForReference(named));
        if (policy.source() != null && policy.source().registry() != null && !existing.contains(policy.source().registry())) {
            violations.add(new FieldViolation("source.registry", "unknown registry '" + policy.source().registry() + "'"));
        }
        if (policy.destinations() != null) {
            for (int i = 0; i < policy.destinations().size(); i++) {
                Destination d = policy.destinations().get(i);
                if (d != null && d.registry() != null && !existing.contains(d.registry())) {
                    violations.add(new FieldViolation("destinations[" + i + "].registry", "unknown registry '" + d.registry() + "'"));
                }
            }
        }
        chartRepositoryRules(policy, existing, violations);
        preheatEngineRules(policy, violations);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException("policy", violations);
        }
    }

    /** Every engine a policy's {@code preheat.engines} names must be registered ({@code /api/v1/p2p-engines}). */
    private void preheatEngineRules(Policy policy, List<FieldViolation> violations) {
        if (policy.preheat() == null || policy.preheat().engines().isEmpty()) {
            return;
        }
        List<String> named = policy.preheat().engines();
        Set<String> known = engines.existing(named.stream().filter(java.util.Objects::nonNull).toList());
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i) != null && !known.contains(named.get(i))) {
                violations.add(new FieldViolation("preheat.engines[" + i + "]", "unknown P2P engine '"
                        + io.meridian.validation.Names.printable(named.get(i)) + "'"));
            }
        }
    }

    /** A helm-http repository is read-only; an OCI source cannot be written into a classic chart repository. */
    private void chartRepositoryRules(Policy policy, Set<String> existing, List<FieldViolation> violations) {
        if (policy.destinations() == null) {
            return;
        }
        var kinds = registries.kinds(existing);
        var sourceKind = policy.source() == null ? null : kinds.get(policy.source().registry());
        for (int i = 0; i < policy.destinations().size(); i++) {
            Destination d = policy.destinations().get(i);
            var kind = d == null ? null : kinds.get(d.registry());
            if (kind == io.meridian.regions.RegistryKind.HELM_HTTP) {
                violations.add(new FieldViolation("destinations[" + i + "].registry", "registry '" + d.registry()
                        + "' is a helm-http chart repository, which is read-only; write to chartmuseum, s3 or an OCI registry"));
            } else if (kind != null && kind.chartRepository() && sourceKind != null && !sourceKind.chartRepository()) {
                violations.add(new FieldViolation("destinations[" + i + "].registry", "registry '" + d.registry()
                        + "' is a chart repository; an OCI source replicates into OCI registries only"));
            }
        }
    }
}
