package io.meridian.sync.batch;

import java.util.UUID;

/**
 * Binds an execution to its policy snapshot and registries (with decrypted credentials). The
 * server implements it over the policy and registry repositories; tests implement it directly.
 */
public interface ExecutionResolver {
    ResolvedExecution resolve(UUID executionId);
}
