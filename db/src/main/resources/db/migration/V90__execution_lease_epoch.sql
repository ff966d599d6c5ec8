-- Fencing (issue 9): the lease of an active execution carries an epoch, incremented every time a node
-- is given the execution (admitted to its slots, or a stale lease taken over). The engine runs with the
-- epoch it was started with, and every state write it makes checks, in the same transaction and under a
-- shared lock on the execution's row, that the row still holds that epoch: a node that lost its lease
-- (paused past the lease timeout) cannot write after another node took over.
ALTER TABLE executions ADD COLUMN lease_epoch BIGINT NOT NULL DEFAULT 0;
