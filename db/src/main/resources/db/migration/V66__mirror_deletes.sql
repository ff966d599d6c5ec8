-- Issue 14, mirror deletes ("deletes": true): the planner records each deletion it decides as a
-- task with action 'delete' (the tag that no longer exists at the source, the digest it points to
-- at the destination); the job's delete step carries it out after every copy. A deletion held
-- back because other kept tags point to the same digest is a SKIPPED task with error_code
-- DELETE_SKIPPED naming those tags. Every other task is a 'copy'.
-- (IF NOT EXISTS and no check of the values: other issue-14 work may name task actions too.)
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS action VARCHAR(16) NOT NULL DEFAULT 'copy';

-- DELETED: the tag was removed at the destination.
ALTER TABLE tasks DROP CONSTRAINT tasks_state_ck;
ALTER TABLE tasks ADD CONSTRAINT tasks_state_ck CHECK (state IN
    ('PENDING', 'RUNNING', 'COPIED', 'SKIPPED', 'CONFLICT', 'FAILED', 'STOPPED', 'DELETED'));

-- The delete step reads an execution's pending deletions.
CREATE INDEX tasks_execution_pending_deletes_idx ON tasks (execution_id) WHERE action = 'delete' AND state = 'PENDING';
