-- Classic Helm chart repositories as registries (issue 13): kinds helm-http, chartmuseum and s3.
-- An s3 registry keeps its bucket settings here; its access key id and secret key are SecretCipher output
-- (like password_ciphertext), never returned by the API.
ALTER TABLE registries DROP CONSTRAINT registries_kind_ck;
ALTER TABLE registries ADD CONSTRAINT registries_kind_ck
    CHECK (kind IN ('distribution', 'ecr', 'harbor', 'acr', 'gcr', 'other', 'helm-http', 'chartmuseum', 's3'));

ALTER TABLE registries
    ADD COLUMN s3_bucket                    VARCHAR(63),
    ADD COLUMN s3_prefix                    VARCHAR(512),
    ADD COLUMN s3_region                    VARCHAR(40),
    ADD COLUMN s3_endpoint                  VARCHAR(2048),
    ADD COLUMN s3_path_style                BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN s3_access_key_id_ciphertext  BYTEA,
    ADD COLUMN s3_secret_key_ciphertext     BYTEA;

ALTER TABLE registries ADD CONSTRAINT registries_s3_ck CHECK (
    (kind = 's3' AND s3_bucket IS NOT NULL AND s3_region IS NOT NULL)
    OR (kind <> 's3' AND s3_bucket IS NULL AND s3_access_key_id_ciphertext IS NULL AND s3_secret_key_ciphertext IS NULL));
ALTER TABLE registries ADD CONSTRAINT registries_s3_keys_ck CHECK (
    (s3_access_key_id_ciphertext IS NULL) = (s3_secret_key_ciphertext IS NULL));
