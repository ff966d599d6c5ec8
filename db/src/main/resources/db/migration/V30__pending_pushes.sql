-- Pushed tags waiting for their event-triggered execution (issue 9). The webhook endpoint writes
-- them before it answers 202, so a crash between a registry's notification and the debounced run
-- loses nothing; the debouncer deletes a policy's rows only after the execution that covers them
-- is committed. A policy's deletion takes its pending pushes with it.
CREATE TABLE pending_pushes (
    id               BIGSERIAL    PRIMARY KEY,
    policy_id        BIGINT       NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    repository       VARCHAR(255) NOT NULL,
    tag              VARCHAR(128) NOT NULL,
    -- the policy's quiet period when the push arrived
    debounce_seconds INTEGER      NOT NULL CHECK (debounce_seconds >= 0),
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX pending_pushes_policy_idx ON pending_pushes (policy_id, id);
