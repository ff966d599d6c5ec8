-- Meridian's own schema. Flyway owns every table; V2/V3 add Spring Batch and Quartz.
-- Rule for foreign keys: configuration may be deleted, history may not. Deleting a region
-- or registry that is still referenced is refused (RESTRICT); executions keep the policy
-- name as text so deleting a policy never erases what it did.

CREATE TABLE regions (
    id           BIGSERIAL    PRIMARY KEY,
    name         VARCHAR(63)  NOT NULL,
    display_name VARCHAR(200),
    jurisdiction VARCHAR(16),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT regions_name_uk UNIQUE (name),
    CONSTRAINT regions_name_ck CHECK (name ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$')
);

CREATE TABLE registries (
    id                  BIGSERIAL    PRIMARY KEY,
    name                VARCHAR(63)  NOT NULL,
    region_id           BIGINT       NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    url                 VARCHAR(2048) NOT NULL,
    insecure            BOOLEAN      NOT NULL DEFAULT false,
    username            VARCHAR(255),
    -- AES-GCM ciphertext (nonce || ciphertext || tag) made by the server's SecretCipher.
    password_ciphertext BYTEA,
    kind                VARCHAR(32)  NOT NULL DEFAULT 'distribution',
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT registries_name_uk UNIQUE (name),
    CONSTRAINT registries_kind_ck CHECK (kind IN ('distribution', 'ecr', 'harbor', 'acr', 'gcr', 'other'))
);
CREATE INDEX registries_region_idx ON registries (region_id);

CREATE TABLE region_links (
    id               BIGSERIAL PRIMARY KEY,
    from_region_id   BIGINT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    to_region_id     BIGINT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    latency_ms       DOUBLE PRECISION,
    bandwidth_mbps   DOUBLE PRECISION,
    cost_per_gb      DOUBLE PRECISION,
    measured_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT region_links_pair_uk UNIQUE (from_region_id, to_region_id),
    CONSTRAINT region_links_distinct_ck CHECK (from_region_id <> to_region_id),
    CONSTRAINT region_links_values_ck CHECK (
        (latency_ms IS NULL OR latency_ms >= 0)
        AND (bandwidth_mbps IS NULL OR bandwidth_mbps > 0)
        AND (cost_per_gb IS NULL OR cost_per_gb >= 0))
);

CREATE TABLE p2p_engines (
    id               BIGSERIAL    PRIMARY KEY,
    name             VARCHAR(63)  NOT NULL,
    region_id        BIGINT       NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    kind             VARCHAR(16)  NOT NULL,
    url              VARCHAR(2048) NOT NULL,
    token_ciphertext BYTEA,
    enabled          BOOLEAN      NOT NULL DEFAULT true,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT p2p_engines_name_uk UNIQUE (name),
    CONSTRAINT p2p_engines_kind_ck CHECK (kind IN ('dragonfly', 'kraken'))
);
CREATE INDEX p2p_engines_region_idx ON p2p_engines (region_id);

CREATE TABLE policies (
    id          BIGSERIAL    PRIMARY KEY,
    name        VARCHAR(63)  NOT NULL,
    definition  JSONB        NOT NULL,
    enabled     BOOLEAN      NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT policies_name_uk UNIQUE (name)
);

CREATE TABLE executions (
    id                   UUID         PRIMARY KEY,
    -- SET NULL, not CASCADE: the history outlives the policy; policy_name keeps who ran it.
    policy_id            BIGINT       REFERENCES policies (id) ON DELETE SET NULL,
    policy_name          VARCHAR(63)  NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    trigger              VARCHAR(16)  NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    artifacts_total      INTEGER      NOT NULL DEFAULT 0,
    artifacts_copied     INTEGER      NOT NULL DEFAULT 0,
    artifacts_skipped    INTEGER      NOT NULL DEFAULT 0,
    artifacts_failed     INTEGER      NOT NULL DEFAULT 0,
    blobs_copied         INTEGER      NOT NULL DEFAULT 0,
    blobs_mounted        INTEGER      NOT NULL DEFAULT 0,
    blobs_skipped        INTEGER      NOT NULL DEFAULT 0,
    bytes_read           BIGINT       NOT NULL DEFAULT 0,
    bytes_written        BIGINT       NOT NULL DEFAULT 0,
    job_execution_id     BIGINT,
    error                TEXT,
    CONSTRAINT executions_status_ck CHECK (status IN
        ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'STOPPING', 'STOPPED')),
    CONSTRAINT executions_trigger_ck CHECK (trigger IN ('manual', 'schedule', 'event'))
);
CREATE INDEX executions_policy_idx ON executions (policy_name, created_at DESC);
CREATE INDEX executions_status_idx ON executions (status);
-- A policy never runs twice at once: at most one active execution per policy name.
CREATE UNIQUE INDEX executions_one_active_per_policy
    ON executions (policy_name) WHERE status IN ('QUEUED', 'RUNNING', 'STOPPING');

CREATE TABLE tasks (
    id                       BIGSERIAL    PRIMARY KEY,
    execution_id             UUID         NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    source_repository        VARCHAR(255) NOT NULL,
    -- tag, or the digest itself when the artifact was selected by digest
    reference                VARCHAR(255) NOT NULL,
    digest                   VARCHAR(200),
    media_type               VARCHAR(255),
    destination_registry_id  BIGINT       NOT NULL REFERENCES registries (id) ON DELETE RESTRICT,
    destination_repository   VARCHAR(255) NOT NULL,
    state                    VARCHAR(16)  NOT NULL,
    bytes                    BIGINT       NOT NULL DEFAULT 0,
    error_code               VARCHAR(64),
    error_message            TEXT,
    started_at               TIMESTAMPTZ,
    finished_at              TIMESTAMPTZ,
    CONSTRAINT tasks_state_ck CHECK (state IN
        ('PENDING', 'RUNNING', 'COPIED', 'SKIPPED', 'CONFLICT', 'FAILED', 'STOPPED')),
    CONSTRAINT tasks_artifact_destination_uk UNIQUE
        (execution_id, source_repository, reference, destination_registry_id, destination_repository)
);
CREATE INDEX tasks_execution_state_idx ON tasks (execution_id, state);
CREATE INDEX tasks_destination_idx ON tasks (destination_registry_id);

CREATE TABLE blob_transfers (
    id                       BIGSERIAL    PRIMARY KEY,
    execution_id             UUID         NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    task_id                  BIGINT       REFERENCES tasks (id) ON DELETE CASCADE,
    digest                   VARCHAR(200) NOT NULL,
    destination_registry_id  BIGINT       NOT NULL REFERENCES registries (id) ON DELETE RESTRICT,
    method                   VARCHAR(16)  NOT NULL,
    bytes                    BIGINT       NOT NULL DEFAULT 0,
    state                    VARCHAR(16)  NOT NULL,
    created_at               TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT blob_transfers_method_ck CHECK (method IN ('copied', 'mounted', 'skipped')),
    CONSTRAINT blob_transfers_state_ck CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED'))
);
CREATE INDEX blob_transfers_execution_idx ON blob_transfers (execution_id, destination_registry_id, digest);
CREATE INDEX blob_transfers_task_idx ON blob_transfers (task_id);

-- Where Meridian last saw a blob: lets the copier mount instead of upload.
CREATE TABLE blob_locations (
    registry_id  BIGINT       NOT NULL REFERENCES registries (id) ON DELETE CASCADE,
    repository   VARCHAR(255) NOT NULL,
    digest       VARCHAR(200) NOT NULL,
    size         BIGINT,
    seen_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT blob_locations_uk UNIQUE (registry_id, digest, repository)
);
CREATE INDEX blob_locations_registry_digest_idx ON blob_locations (registry_id, digest);

CREATE TABLE api_tokens (
    id            BIGSERIAL    PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    -- hex SHA-256 of the token; the token itself is never stored
    token_sha256  CHAR(64)     NOT NULL,
    role          VARCHAR(16)  NOT NULL DEFAULT 'admin',
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    CONSTRAINT api_tokens_hash_uk UNIQUE (token_sha256),
    CONSTRAINT api_tokens_hash_ck CHECK (token_sha256 ~ '^[0-9a-f]{64}$')
);

CREATE TABLE audit_log (
    id      BIGSERIAL    PRIMARY KEY,
    at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor   VARCHAR(100) NOT NULL,
    action  VARCHAR(64)  NOT NULL,
    target  VARCHAR(255),
    detail  JSONB
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
