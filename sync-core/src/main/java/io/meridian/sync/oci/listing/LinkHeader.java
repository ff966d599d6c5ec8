package io.meridian.sync.oci.listing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 8288 {@code Link} header: finds the {@code rel="next"} target, kept verbatim (relative, opaque query). */
public final class LinkHeader {

    private LinkHeader() {
    }

    public static Optional<String> next(List<String> headerValues) {
        for (String value : headerValues) {
            Optional<String> n = next(value);
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }

    public static Optional<String> next(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int i = 0;
        int len = header.length();
        while (i < len) {
            int open = header.indexOf('<', i);
            if (open < 0) {
                return Optional.empty();
            }
            int close = header.indexOf('>', open + 1);
            if (close < 0) {
                return Optional.empty();
            }
            String target = header.substring(open + 1, close).trim();
            // parameters run until the next link (a ',' outside quotes followed by '<') or the end
            int j = close + 1;
            boolean quoted = false;
            StringBuilder params = new StringBuilder();
            while (j < len) {
                char c = header.charAt(j);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    int k = j + 1;
                    while (k < len && header.charAt(k) == ' ') {
                        k++;
                    }
                    if (k >= len || header.charAt(k) == '<') {
                        break;
                    }
                }
                params.append(c);
                j++;
            }
            if (hasRelNext(params.toString())) {
                return target.isEmpty() ? Optional.empty() : Optional.of(target);
            }
            i = j + 1;
        }
        return Optional.empty();
    }

    private static boolean hasRelNext(String params) {
        for (String p : params.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (!t.substring(0, eq).trim().equalsIgnoreCase("rel")) {
                continue;
            }
            String v = t.substring(eq + 1).trim();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            }
            for (String rel : v.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (rel.equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}
