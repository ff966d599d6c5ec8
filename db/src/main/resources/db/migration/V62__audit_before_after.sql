-- Issue 14: the audit log keeps what a change replaced (before) beside what it wrote (detail,
-- the "after"), both with secrets redacted, and a kind (policy, token, registry...) to filter by.
ALTER TABLE audit_log ADD COLUMN before JSONB;
ALTER TABLE audit_log ADD COLUMN kind VARCHAR(32);
UPDATE audit_log SET kind = split_part(action, '.', 1);
ALTER TABLE audit_log ALTER COLUMN kind SET NOT NULL;
CREATE INDEX audit_log_kind_at_idx ON audit_log (kind, at DESC);
