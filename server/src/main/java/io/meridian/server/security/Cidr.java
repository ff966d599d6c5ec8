package io.meridian.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address block ({@code 169.254.0.0/16}, {@code fe80::/10}, or a single address). Parsed from
 * literals only: the text is never looked up in DNS. An IPv4 block also matches IPv4-mapped IPv6
 * addresses ({@code ::ffff:169.254.169.254}), which the JDK already turns into IPv4 addresses.
 */
record Cidr(byte[] network, int prefix, String text) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!LITERAL.matcher(address).matches() || (!address.contains(":") && address.chars().filter(c -> c == '.').count() != 3)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block", e);
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length", e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "': prefix must be 0-" + bytes.length * 8);
        }
        return new Cidr(bytes, prefix, t);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
