-- Issue 11: a registry is reached by several endpoints besides its url (which stays endpoint "default"):
-- [{"name":"vpc","url":"https://…","kind":"public|vpc|accelerated","reachableFrom":["cn-hangzhou"],
--   "proxy":"http://host:port"|null,"caBundle":"/path.pem"|null}], validated by the server (regions'
-- EndpointDefinition); a JSON column so editing them bumps the row's updated_at like any other field.
ALTER TABLE registries ADD COLUMN endpoints JSONB NOT NULL DEFAULT '[]'::jsonb;

-- The distribution-time model: how many nodes pull in a region, and its origin's bandwidth to them.
ALTER TABLE regions ADD COLUMN nodes INTEGER,
                    ADD COLUMN origin_bandwidth_mbps DOUBLE PRECISION,
                    ADD CONSTRAINT regions_nodes_ck CHECK (nodes IS NULL OR nodes >= 1),
                    ADD CONSTRAINT regions_origin_bandwidth_ck CHECK (origin_bandwidth_mbps IS NULL OR origin_bandwidth_mbps > 0);
