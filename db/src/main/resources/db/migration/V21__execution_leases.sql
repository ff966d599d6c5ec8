-- Several Meridian nodes may share one database (Quartz is clustered). An active execution is
-- leased by the node that runs it: the node renews heartbeat_at while it lives, and another
-- node resumes the execution only once the heartbeat is stale (its owner died).
ALTER TABLE executions ADD COLUMN owner_node   VARCHAR(255);
ALTER TABLE executions ADD COLUMN heartbeat_at TIMESTAMPTZ;

-- The recovery sweep looks only at active executions.
CREATE INDEX executions_active_lease_idx ON executions (heartbeat_at)
    WHERE status IN ('QUEUED', 'RUNNING', 'STOPPING');
