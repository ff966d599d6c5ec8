-- Issue 14 (policies): what the planner decided for each task, and the index a platforms rewrite wrote.

-- The planner's action: copy, overwrite, backup, rewrite, skip, conflict, failed (and the actions other rules add,
-- e.g. delete, blocked). The transfer step reads it (backup tags the old digest first); the tasks API shows it.
-- NULL for tasks planned before this column existed.
ALTER TABLE tasks ADD COLUMN action VARCHAR(32);

-- platforms.mode rewrite: the digest of the index written in place of the source's (tasks.digest).
ALTER TABLE tasks ADD COLUMN rewritten_digest VARCHAR(200);
