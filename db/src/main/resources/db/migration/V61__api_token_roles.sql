-- Issue 14: API tokens with roles (admin, operator, viewer, webhook), an expiry, and for a
-- webhook token the one registry whose notifications it may post.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_tokens ADD COLUMN registry_id BIGINT REFERENCES registries (id) ON DELETE CASCADE;
CREATE INDEX api_tokens_registry_idx ON api_tokens (registry_id);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_ck CHECK (role IN ('admin', 'operator', 'viewer', 'webhook'));
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_webhook_registry_ck CHECK ((role = 'webhook') = (registry_id IS NOT NULL));

-- A live token is named uniquely (DELETE /api/v1/tokens/{name}); older duplicates are revoked.
UPDATE api_tokens t SET revoked_at = now()
 WHERE t.revoked_at IS NULL
   AND EXISTS (SELECT 1 FROM api_tokens o WHERE o.name = t.name AND o.revoked_at IS NULL AND o.id > t.id);
CREATE UNIQUE INDEX api_tokens_live_name_uk ON api_tokens (name) WHERE revoked_at IS NULL;
