-- Indexes behind foreign keys that V1 left unindexed. Without them, deleting (or re-pointing) the
-- referenced row makes PostgreSQL scan the whole referencing table: a policy delete scanned all
-- executions (ON DELETE SET NULL), a registry delete all blob transfers (RESTRICT check), a region
-- delete all links (CASCADE). Leading columns of a unique constraint already serve as an index.
CREATE INDEX executions_policy_id_idx ON executions (policy_id);
CREATE INDEX blob_transfers_destination_idx ON blob_transfers (destination_registry_id);
CREATE INDEX region_links_to_region_idx ON region_links (to_region_id);
