package io.meridian.sync.batch;

import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.P2pEngines;
import io.meridian.sync.p2p.PreheatPlan;
import io.meridian.sync.p2p.PreheatResult;
import io.meridian.sync.p2p.PreheatTarget;
import io.meridian.sync.p2p.PullCredential;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Preheats one copied task with each engine of its destination's region: reads the manifest back from the
 * destination (its media type and, for an index, the child platforms), asks the destination for a pull-only token
 * of that repository, and hands both to the engine. Never throws for a preheat problem: a failed preheat is
 * recorded, it does not fail the replication. An interrupt (stop) propagates.
 */
class PreheatProcessor implements ItemProcessor<PreheatTask, PreheatOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(PreheatProcessor.class);
    /** Index entries of attestations and signatures (buildx writes them as unknown/unknown). */
    private static final String UNKNOWN_PLATFORM = "unknown/unknown";

    private final ResolvedExecution execution;
    private final PreheatPlan plan;
    private final P2pEngines engines;

    PreheatProcessor(ResolvedExecution execution, PreheatPlan plan, P2pEngines engines) {
        this.execution = execution;
        this.plan = plan;
        this.engines = engines;
    }

    @Override
    public PreheatOutcome process(PreheatTask task) {
        List<EngineSpec> specs = plan.engines(task.destinationRegistryId());
        if (specs.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        PreheatTarget target;
        try {
            target = target(execution.destination(task.destinationRegistryId()), task);
        } catch (RuntimeException e) {
            rethrowInterrupt(e);
            String why = "preparing the preheat failed: " + e.getMessage();
            LOG.warn("task {}: {}", task.id(), why);
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new PreheatOutcome(task.id(), specs.stream().map(s -> PreheatResult.failed(s.name(), why, ms))
                    .toList());
        }
        List<PreheatResult> results = new ArrayList<>();
        for (EngineSpec spec : specs) {
            try {
                results.add(engines.preheater(spec).preheat(target));
            } catch (RuntimeException e) {
                rethrowInterrupt(e);
                results.add(PreheatResult.failed(spec.name(), e.getMessage(), (System.nanoTime() - start) / 1_000_000));
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            // a stop interrupted the wait on the engine: propagate, do not record a half-followed preheat
            throw TransferInterruptedException.interrupted("preheat of task " + task.id(), null);
        }
        return new PreheatOutcome(task.id(), results);
    }

    private static PreheatTarget target(GuardedRegistry destination, PreheatTask task) {
        ManifestBytes manifest = destination.getManifest(task.destinationRepository(),
                Reference.digest(task.digest()));
        List<String> platforms = List.of();
        if (manifest.parse() instanceof Manifest.ImageIndex index) {
            platforms = index.manifests().stream().flatMap(d -> d.platform().stream()).map(Object::toString)
                    .filter(p -> !p.equals(UNKNOWN_PLATFORM)).distinct().toList();
        }
        PullCredential credential = destination.pullToken(task.destinationRepository())
                .map(t -> new PullCredential(Optional.of(t.authorization()), t.expiresAt()))
                .orElse(PullCredential.none());
        Optional<String> tag = task.reference() instanceof Reference.Tag t ? Optional.of(t.name()) : Optional.empty();
        return new PreheatTarget(destination.baseUrl(), task.destinationRepository(), tag, task.digest(),
                manifest.mediaType().value(), platforms, credential);
    }

    private static void rethrowInterrupt(RuntimeException e) {
        if (e instanceof TransferInterruptedException || Thread.currentThread().isInterrupted()) {
            throw e;
        }
    }
}
