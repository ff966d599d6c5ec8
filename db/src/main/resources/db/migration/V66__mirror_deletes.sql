-- Issue 14, mirror deletes ("deletes": true): the planner records each deletion it decides as a
-- task with action 'delete' (the tag that no longer exists at the source, the digest it points to
-- at the destination); the job's delete step carries it out after every copy. A deletion held
-- back because other kept tags point to the same digest is a SKIPPED task with error_code
-- DELETE_SKIPPED naming those tags.
-- IF NOT EXISTS, nullable, no check of the values: other issue-14 work (the planner's actions: copy,
-- overwrite, backup, …) adds the same column; NULL is a task planned before actions were recorded.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS action VARCHAR(32);

-- DELETED: the tag was removed at the destination. The state check is extended, not rewritten:
-- whatever states earlier migrations allow (other branches of issue 14 add their own) stay allowed.
DO $$
DECLARE
    current_check TEXT;
BEGIN
    SELECT pg_get_constraintdef(c.oid) INTO current_check
      FROM pg_constraint c
     WHERE c.conrelid = 'tasks'::regclass AND c.conname = 'tasks_state_ck';
    ALTER TABLE tasks DROP CONSTRAINT tasks_state_ck;
    -- pg_get_constraintdef gives "CHECK (<expression>)": keep the expression, allow DELETED besides
    EXECUTE 'ALTER TABLE tasks ADD CONSTRAINT tasks_state_ck CHECK ((' || substr(current_check, 7)
        || ') OR state = ''DELETED'')';
END
$$;

-- The delete step reads an execution's pending deletions.
CREATE INDEX tasks_execution_pending_deletes_idx ON tasks (execution_id) WHERE action = 'delete' AND state = 'PENDING';
