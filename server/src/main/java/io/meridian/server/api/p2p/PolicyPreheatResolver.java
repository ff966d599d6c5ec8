package io.meridian.server.api.p2p;

import io.meridian.policies.Policy;
import io.meridian.policies.Preheat;
import io.meridian.policies.StrictJson;
import io.meridian.server.replication.RegistryConnections;
import io.meridian.sync.batch.ExecutionRepository;
import io.meridian.sync.batch.PreheatResolver;
import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.PreheatPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The server's {@link PreheatResolver}: the execution's policy snapshot says whether to preheat and with which
 * engines; each destination registry gets the engines of its region that the policy names (all of them when it names
 * none), in the policy's order. Tokens are decrypted here, once per step.
 */
@Component
public class PolicyPreheatResolver implements PreheatResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyPreheatResolver.class);

    private final ExecutionRepository executions;
    private final RegistryConnections registries;
    private final P2pEngineRepository engines;
    private final P2pEngineService service;

    public PolicyPreheatResolver(ExecutionRepository executions, RegistryConnections registries,
                                 P2pEngineRepository engines, P2pEngineService service) {
        this.executions = executions;
        this.registries = registries;
        this.engines = engines;
        this.service = service;
    }

    @Override
    public PreheatPlan resolve(UUID executionId) {
        Policy policy = StrictJson.readPolicy(executions.policySnapshot(executionId).orElseThrow());
        Preheat preheat = policy.preheat();
        if (preheat == null || !preheat.enabled()) {
            return PreheatPlan.none();
        }
        List<Long> ids = policy.destinations().stream().map(d -> registries.open(d.registry()).id()).distinct()
                .toList();
        Map<Long, List<EngineSpec>> plan = new LinkedHashMap<>();
        for (P2pEngineRepository.RegistryEngine re : engines.forRegistries(ids)) {
            if (preheat.uses(re.engine())) {
                plan.computeIfAbsent(re.registryId(), k -> new ArrayList<>()).add(service.spec(re.engine()));
            }
        }
        plan.values().forEach(list -> list.sort(Comparator.comparingInt(e -> order(preheat, e.name()))));
        if (plan.isEmpty()) {
            LOG.warn("policy {} asks for preheat{} but no destination's region has such an engine", policy.name(),
                    preheat.engines().isEmpty() ? "" : " with " + preheat.engines());
        }
        return new PreheatPlan(plan);
    }

    private static int order(Preheat preheat, String engine) {
        int i = preheat.engines().indexOf(engine);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
