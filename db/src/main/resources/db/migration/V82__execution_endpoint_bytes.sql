-- Issue 11: bytes written per destination endpoint of an execution (the summary's bytes.byEndpoint), for
-- registries with several endpoints; a registry with only its url has all its bytes on "<registry>/default",
-- derived from execution_registry_bytes without a row here.
CREATE TABLE execution_endpoint_bytes (
    execution_id   UUID        NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    registry_id    BIGINT      NOT NULL REFERENCES registries (id) ON DELETE RESTRICT,
    endpoint       VARCHAR(63) NOT NULL,
    bytes_written  BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT execution_endpoint_bytes_pk PRIMARY KEY (execution_id, registry_id, endpoint)
);
CREATE INDEX execution_endpoint_bytes_registry_idx ON execution_endpoint_bytes (registry_id);
