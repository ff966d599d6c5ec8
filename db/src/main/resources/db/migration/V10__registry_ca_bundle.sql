-- Per-registry TLS trust: the absolute path (on the Meridian host) of a PEM bundle of extra CA
-- certificates for this registry's https endpoint; NULL trusts only the JVM's default CAs.
ALTER TABLE registries ADD COLUMN ca_bundle VARCHAR(4096);
