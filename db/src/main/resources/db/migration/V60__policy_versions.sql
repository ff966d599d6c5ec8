-- Issue 14: every create/update of a policy is a numbered version, with who made it.
-- Keyed by name, not by policies.id: like executions, the history outlives the policy, and a
-- policy deleted and created again under the same name goes on counting (so an execution's
-- policy_version always names one definition).
CREATE TABLE policy_versions (
    policy_name  VARCHAR(63)  NOT NULL,
    version      INTEGER      NOT NULL,
    definition   JSONB        NOT NULL,
    change       VARCHAR(16)  NOT NULL,
    changed_by   VARCHAR(100) NOT NULL,
    changed_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT policy_versions_pk PRIMARY KEY (policy_name, version),
    CONSTRAINT policy_versions_version_ck CHECK (version >= 1),
    CONSTRAINT policy_versions_change_ck CHECK (change IN ('create', 'update'))
);

-- The version policies.definition currently is; an execution copies it with the snapshot.
ALTER TABLE policies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Policies stored before versions existed: their definition becomes version 1.
INSERT INTO policy_versions (policy_name, version, definition, change, changed_by, changed_at)
SELECT name, 1, definition, 'create', 'migration', updated_at FROM policies;

-- The policy version an execution ran (null for executions older than versions).
ALTER TABLE executions ADD COLUMN policy_version INTEGER;
