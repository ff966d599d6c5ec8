-- P2P engines (issue 12): what a preheat needs beyond V1's p2p_engines row, and what it did per task.

-- Dragonfly scheduler clusters a job is sent to (always sent: without them a job goes to every cluster),
-- the preheat scope (Dragonfly manager/types/job.go), how many nodes pull in the region (the
-- distribution-time estimate) and the platforms they run (empty: every child platform of an index).
ALTER TABLE p2p_engines
    ADD COLUMN scheduler_cluster_ids BIGINT[] NOT NULL DEFAULT '{}',
    ADD COLUMN scope                 VARCHAR(32) NOT NULL DEFAULT 'single_seed_peer',
    ADD COLUMN nodes                 INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN platforms             TEXT[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT p2p_engines_scope_ck CHECK (scope IN ('single_seed_peer', 'all_seed_peers', 'all_peers')),
    ADD CONSTRAINT p2p_engines_nodes_ck CHECK (nodes >= 0);

-- The preheat step's record on a copied task, e.g. {"engine":"df-ldn","jobIds":["101","102"],
-- "state":"FAILURE","peersWithAllLayers":2,"durationMillis":5300,"error":"linux/arm64: …","jobs":[…]}.
-- Null when no preheat was asked (or not yet done: the step reads the copied tasks still null).
ALTER TABLE tasks ADD COLUMN preheat JSONB;
