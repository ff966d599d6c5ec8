package io.meridian.sync.oci.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth/token",service="reg",scope="repository:a:pull,push",error="insufficient_scope"}.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses every challenge in one header value; malformed trailing input is ignored rather than fatal. */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Lexer lx = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean afterScheme = false; // no comma yet since the scheme: a bare token here is a token68 credential
        while (true) {
            boolean comma = lx.skipSpacesAndCommas();
            if (lx.atEnd()) {
                break;
            }
            afterScheme = afterScheme && !comma;
            String token = lx.token();
            if (token.isEmpty()) {
                lx.pos++; // skip a stray character
                continue;
            }
            lx.skipSpaces();
            boolean token68 = lx.isToken68Tail();
            if (lx.peek() == '=' && scheme != null && !token68) {
                lx.pos++;
                lx.skipSpaces();
                String value = lx.peek() == '"' ? lx.quoted() : lx.token();
                params.put(token.toLowerCase(Locale.ROOT), value);
                afterScheme = false;
            } else if (afterScheme && (token68 || lx.peek() != '=')) {
                lx.skipToken68(); // credentials such as "Negotiate abc==" carry no parameters we need
                afterScheme = false;
            } else {
                if (scheme != null) {
                    out.add(new Challenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
                afterScheme = true;
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, params));
        }
        return out;
    }

    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        boolean skipSpacesAndCommas() {
            boolean comma = false;
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                comma |= s.charAt(pos) == ',';
                pos++;
            }
            return comma;
        }

        String token() {
            int start = pos;
            while (!atEnd() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A token68 credential such as {@code abc==} directly after a scheme: '=' followed by '=', ',' or end. */
        boolean isToken68Tail() {
            if (peek() != '=') {
                return false;
            }
            int i = pos;
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            return i >= s.length() || s.charAt(i) == ',' || (i - pos) > 1;
        }

        void skipToken68() {
            while (!atEnd() && s.charAt(pos) == '=') {
                pos++;
            }
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\' && !atEnd()) {
                    b.append(s.charAt(pos++));
                } else if (c == '"') {
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0
                    || c == '/' || c == ':'; // lenient: realms are sometimes unquoted URLs
        }
    }
}
