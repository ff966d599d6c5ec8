-- Replication engine (issue 4): what an execution needs beyond V1.

-- The policy exactly as it was when the execution was triggered: a restart after a crash
-- resumes the same work even if the policy was edited in between.
ALTER TABLE executions ADD COLUMN policy_snapshot JSONB;

-- Bytes read from / written to each registry by one execution (a registry may be the
-- source of one execution and a destination of another).
CREATE TABLE execution_registry_bytes (
    execution_id   UUID   NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    registry_id    BIGINT NOT NULL REFERENCES registries (id) ON DELETE RESTRICT,
    bytes_read     BIGINT NOT NULL DEFAULT 0,
    bytes_written  BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT execution_registry_bytes_pk PRIMARY KEY (execution_id, registry_id)
);

-- The transfer step picks an execution's work repository by repository.
CREATE INDEX tasks_execution_repository_state_idx ON tasks (execution_id, source_repository, state);
