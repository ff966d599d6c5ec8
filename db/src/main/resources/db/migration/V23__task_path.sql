-- The route step (issue 8) records on each pending task how it travels: the source and
-- destination endpoints, the reason and the failovers, e.g.
-- {"source":"hz/default","destination":"ldn/default","reason":"direct: single endpoint","failovers":0}.
-- Null until the task is routed (and for tasks that never needed a transfer).
ALTER TABLE tasks ADD COLUMN path JSONB;
