-- Issue 14: a policy's "concurrency" and per-registry execution slots.
--
-- WAITING: a run queued behind the policy's active execution (concurrency "queue"). It is not
-- active: the existing executions_one_active_per_policy index still allows one QUEUED/RUNNING/
-- STOPPING execution per policy, and this one allows one WAITING run per policy; later triggers
-- coalesce into it. When the active execution ends it becomes QUEUED (the unique index decides
-- any race with a new trigger, on whichever node).
-- The status check is extended, not rewritten: whatever earlier migrations allow stays allowed.
DO $$
DECLARE
    current_check TEXT;
BEGIN
    SELECT pg_get_constraintdef(c.oid) INTO current_check
      FROM pg_constraint c
     WHERE c.conrelid = 'executions'::regclass AND c.conname = 'executions_status_ck';
    ALTER TABLE executions DROP CONSTRAINT executions_status_ck;
    EXECUTE 'ALTER TABLE executions ADD CONSTRAINT executions_status_ck CHECK ((' || substr(current_check, 7)
        || ') OR status = ''WAITING'')';
END
$$;
CREATE UNIQUE INDEX executions_one_waiting_per_policy ON executions (policy_name) WHERE status = 'WAITING';

-- A QUEUED execution that has not yet been given its registries' execution slots
-- (meridian.replication.queue.*): it starts once every registry it reads or writes has a free
-- slot, higher policy priority first. Rows written before (or by tools that insert directly) are
-- already admitted.
ALTER TABLE executions ADD COLUMN awaiting_slot BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX executions_awaiting_slot_idx ON executions (created_at) WHERE awaiting_slot;
