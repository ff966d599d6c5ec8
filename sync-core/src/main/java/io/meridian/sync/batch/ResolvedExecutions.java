package io.meridian.sync.batch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The immutable plans of the executions this process runs, resolved once when an execution is
 * launched or resumed ({@link ExecutionResolver}, implemented by the server) and read by the
 * job's steps: no step calls back into the server.
 */
public final class ResolvedExecutions {

    private final ExecutionResolver resolver;
    private final Map<UUID, ResolvedExecution> resolved = new ConcurrentHashMap<>();

    public ResolvedExecutions(ExecutionResolver resolver) {
        this.resolver = resolver;
    }

    /** Resolves the execution (policy snapshot, opened registries) before its job starts. */
    public ResolvedExecution resolve(UUID executionId) {
        ResolvedExecution execution = resolver.resolve(executionId);
        resolved.put(executionId, execution);
        return execution;
    }

    /** The plan resolved at launch; {@link IllegalStateException} when it was not. */
    public ResolvedExecution get(UUID executionId) {
        ResolvedExecution execution = resolved.get(executionId);
        if (execution == null) {
            throw new IllegalStateException("execution " + executionId + " was not resolved when it was launched");
        }
        return execution;
    }

    void forget(UUID executionId) {
        resolved.remove(executionId);
    }
}
