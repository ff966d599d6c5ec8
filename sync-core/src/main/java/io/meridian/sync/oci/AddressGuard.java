package io.meridian.sync.oci;

import java.net.InetAddress;
import java.util.List;

/**
 * Decides whether the client may connect to a host once its name is resolved (an SSRF guard).
 * {@link OciTransport} resolves the host of every request — redirect targets and token realms
 * included — and asks the guard about every address before the request is sent.
 */
@FunctionalInterface
public interface AddressGuard {

    /** Allows every address (the default). */
    AddressGuard ALLOW_ALL = (host, addresses) -> null;

    /**
     * @param host      the host name (or literal) of the URL about to be requested
     * @param addresses every address it resolved to
     * @return null to allow, else why the connection is refused (names the address, never a credential)
     */
    String refusal(String host, List<InetAddress> addresses);
}
