package io.meridian.sync.batch;

import java.util.UUID;

/**
 * Binds an execution to its policy snapshot and registries (with decrypted credentials): what
 * the job needs, as one immutable {@link ResolvedExecution}. sync-core defines it, the server
 * implements it over its policy and registry stores; it is called once per launch or resume
 * ({@link ResolvedExecutions}), never from inside a step.
 */
@FunctionalInterface
public interface ExecutionResolver {
    ResolvedExecution resolve(UUID executionId);
}
