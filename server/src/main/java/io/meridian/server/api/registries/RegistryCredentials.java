package io.meridian.server.api.registries;

/**
 * Decrypted credentials for talking to a registry; null username means anonymous. Only the
 * replication engine should ask for these; {@link #toString()} never shows the password.
 */
public record RegistryCredentials(String username, String password) {

    public static final RegistryCredentials ANONYMOUS = new RegistryCredentials(null, null);

    public boolean anonymous() {
        return username == null;
    }

    @Override
    public String toString() {
        return anonymous() ? "anonymous" : "user " + username + " (password hidden)";
    }
}
