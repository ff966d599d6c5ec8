-- The P2P node installer's CA (issue 12): one self-signed CA per region, generated once (on the first installer or
-- ca.pem request), whose certificate nodes trust. The private key is SecretCipher output (AES-GCM) bound to
-- 'region-ca:<region>'. `name` is the region's name (the key rotation re-encrypts by name).
CREATE TABLE region_p2p_cas (
    region_id               BIGINT       PRIMARY KEY REFERENCES regions (id) ON DELETE CASCADE,
    name                    VARCHAR(63)  NOT NULL,
    certificate_pem         TEXT         NOT NULL,
    private_key_ciphertext  BYTEA        NOT NULL,
    created_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT region_p2p_cas_name_uk UNIQUE (name)
);
