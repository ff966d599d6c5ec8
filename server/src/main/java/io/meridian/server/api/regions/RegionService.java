package io.meridian.server.api.regions;

import io.meridian.regions.Region;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.problem.ApiProblem;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Region rules: unique names, and a region in use cannot be deleted. Every change is audited. */
@Service
public class RegionService {

    private final RegionRepository regions;
    private final AuditLog audit;

    public RegionService(RegionRepository regions, AuditLog audit) {
        this.regions = regions;
        this.audit = audit;
    }

    @Transactional
    public RegionView create(Region region) {
        RegionView created = regions.insert(region)
                .orElseThrow(() -> ApiProblem.conflict("name", "region '" + region.name() + "' already exists"));
        audit.record("region.create", region.name(), null, created);
        return created;
    }

    @Transactional
    public RegionView update(Region region) {
        RegionView before = regions.find(region.name()).orElseThrow(() -> ApiProblem.notFound("region", region.name()));
        RegionView updated = regions.update(region).orElseThrow(() -> ApiProblem.notFound("region", region.name()));
        audit.record("region.update", region.name(), before, updated);
        return updated;
    }

    @Transactional(readOnly = true)
    public RegionView get(String name) {
        return regions.find(name).orElseThrow(() -> ApiProblem.notFound("region", name));
    }

    @Transactional(readOnly = true)
    public List<RegionView> list() {
        return regions.list();
    }

    @Transactional
    public void delete(String name) {
        if (!regions.lockForDelete(name)) {
            throw ApiProblem.notFound("region", name);
        }
        RegionView before = regions.find(name).orElseThrow(() -> ApiProblem.notFound("region", name));
        List<String> usages = regions.usages(name);
        if (!usages.isEmpty()) {
            throw ApiProblem.conflict("name", "region '" + name + "' is in use by " + String.join(" and ", usages)
                    + "; delete or move them first");
        }
        try {
            regions.delete(name);
        } catch (DataIntegrityViolationException e) {
            throw ApiProblem.conflict("name", "region '" + name + "' is still referenced");
        }
        audit.record("region.delete", name, before, null);
    }
}
