-- Issue 14, outgoing notifications: a receiver (URL, events, HMAC secret encrypted like registry passwords) and
-- one delivery per (notification, finished execution), with every attempt recorded. Deliveries are rows, not
-- in-memory jobs: a restart resumes what was not delivered yet, and several nodes share the work (SKIP LOCKED).
CREATE TABLE notifications (
    id                 BIGSERIAL     PRIMARY KEY,
    name               VARCHAR(63)   NOT NULL,
    url                VARCHAR(2048) NOT NULL,
    events             TEXT[]        NOT NULL,
    -- SecretCipher output bound to the context 'notification:<name>'; the secret itself is never stored
    secret_ciphertext  BYTEA         NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT notifications_name_uk UNIQUE (name),
    CONSTRAINT notifications_events_ck CHECK (cardinality(events) > 0 AND events <@
        ARRAY['execution.succeeded', 'execution.partial', 'execution.failed']::TEXT[])
);

CREATE TABLE notification_deliveries (
    id               BIGSERIAL    PRIMARY KEY,
    notification_id  BIGINT       NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    execution_id     UUID         NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    event            VARCHAR(32)  NOT NULL,
    state            VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    attempts         INTEGER      NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- a node delivering it holds it until then; an expired claim (the node died) is taken over
    claimed_until    TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    CONSTRAINT notification_deliveries_uk UNIQUE (notification_id, execution_id),
    CONSTRAINT notification_deliveries_state_ck CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED'))
);
CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries (claimed_until) WHERE state = 'PENDING';
CREATE INDEX notification_deliveries_execution_idx ON notification_deliveries (execution_id);

CREATE TABLE notification_attempts (
    delivery_id  BIGINT       NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER      NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    duration_ms  INTEGER      NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    CONSTRAINT notification_attempts_pk PRIMARY KEY (delivery_id, attempt)
);

-- the dispatcher looks for executions finished since a notification was created
CREATE INDEX executions_finished_at_idx ON executions (finished_at) WHERE finished_at IS NOT NULL;
