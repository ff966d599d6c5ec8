-- Issue 11: each node's measurements of each registry endpoint (EWMAs of RTT, throughput, error rate),
-- written every minute from memory and read back at start. Per node region: what one region measures says
-- nothing about another's path ('' = nodes without a region).
CREATE TABLE endpoint_estimates (
    registry_id     BIGINT       NOT NULL REFERENCES registries (id) ON DELETE CASCADE,
    endpoint        VARCHAR(63)  NOT NULL,
    node_region     VARCHAR(63)  NOT NULL DEFAULT '',
    rtt_ms          DOUBLE PRECISION,
    throughput_mbps DOUBLE PRECISION,
    error_rate      DOUBLE PRECISION NOT NULL DEFAULT 0,
    samples         BIGINT       NOT NULL DEFAULT 0,
    last_probe_at   TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT endpoint_estimates_pk PRIMARY KEY (registry_id, endpoint, node_region)
);
