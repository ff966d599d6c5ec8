-- Issue 14, scan gate: a task the policy's gate refused is BLOCKED (final, with the reason in error_message).
-- The state check is extended, not rewritten: whatever states earlier migrations allow (other branches of issue 14
-- add their own) stay allowed, and BLOCKED joins them.
DO $$
DECLARE
    current_check TEXT;
BEGIN
    SELECT pg_get_constraintdef(c.oid) INTO current_check
      FROM pg_constraint c
     WHERE c.conrelid = 'tasks'::regclass AND c.conname = 'tasks_state_ck';
    ALTER TABLE tasks DROP CONSTRAINT tasks_state_ck;
    -- pg_get_constraintdef gives "CHECK (<expression>)": keep the expression, allow BLOCKED besides
    EXECUTE 'ALTER TABLE tasks ADD CONSTRAINT tasks_state_ck CHECK ((' || substr(current_check, 7)
        || ') OR state = ''BLOCKED'')';
END
$$;
