package io.meridian.sync.oci;

/** A manifest that cannot be parsed or is too large; the message names the field and the reason. */
public final class InvalidManifestException extends PermanentRegistryException {

    public InvalidManifestException(String message) {
        super(message, -1, OciErrorCode.MANIFEST_INVALID, null);
    }
}
