-- Deleting a registry checks execution_registry_bytes for rows naming it (ON DELETE RESTRICT);
-- the primary key leads with execution_id, so without this index that check scans the table.
CREATE INDEX execution_registry_bytes_registry_idx ON execution_registry_bytes (registry_id);
