package io.meridian.policies;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import java.util.Arrays;
import java.util.List;

/**
 * A repository pattern: {@code *} matches within one path segment, {@code ?} one character of a
 * segment, {@code **} anything across segments, and a whole {@code **}{@code /} segment zero or
 * more leading segments (so {@code **}{@code /app} matches {@code app} and {@code a/b/app}).
 * Everything else is literal. Compiled once into a small automaton and matched by simulating all
 * its states at once: time is linear in the repository name for any pattern, with no
 * backtracking for a hostile pattern to exploit.
 */
public final class RepositoryGlob {

    private static final int MAX_LENGTH = 255;

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;        // ?  : one character except '/'
    private static final byte STAR = 2;       // *  : zero or more characters except '/'
    private static final byte ANY = 3;        // ** : zero or more of any character
    private static final byte SEGMENTS = 4;   // entry of **/ : may skip the following ANY and '/'

    private final String pattern;
    private final byte[] kinds;
    private final char[] chars;

    private RepositoryGlob(String pattern, byte[] kinds, char[] chars) {
        this.pattern = pattern;
        this.kinds = kinds;
        this.chars = chars;
    }

    /** @throws InvalidDefinitionException naming field {@code pattern} when the glob is malformed */
    public static RepositoryGlob compile(String glob) {
        String problem = problem(glob);
        if (problem != null) {
            throw new InvalidDefinitionException("repository pattern", List.of(new FieldViolation("pattern", problem)));
        }
        byte[] kinds = new byte[glob.length() + 1];
        char[] chars = new char[glob.length() + 1];
        int n = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean wholeSegment = (i == 0 || glob.charAt(i - 1) == '/')
                        && i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                if (wholeSegment) {
                    kinds[n++] = SEGMENTS;
                    kinds[n++] = ANY;
                    kinds[n] = LITERAL;
                    chars[n++] = '/';
                    i += 2;
                } else {
                    kinds[n++] = ANY;
                    i += 1;
                }
            } else if (c == '*') {
                kinds[n++] = STAR;
            } else if (c == '?') {
                kinds[n++] = ONE;
            } else {
                kinds[n] = LITERAL;
                chars[n++] = c;
            }
        }
        return new RepositoryGlob(glob, Arrays.copyOf(kinds, n), Arrays.copyOf(chars, n));
    }

    /** @return null when {@code glob} is a usable pattern, else why not */
    public static String problem(String glob) {
        if (glob == null || glob.isEmpty()) {
            return "must not be empty";
        }
        if (glob.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'
                    || c == '/' || c == '*' || c == '?';
            if (!ok) {
                return "may only contain lowercase letters, digits, '.', '_', '-', '/', '*' and '?' (repository names are lowercase), found '"
                        + Names.printable(String.valueOf(c)) + "' in \"" + Names.printable(glob) + "\"";
            }
        }
        if (glob.startsWith("/") || glob.endsWith("/") || glob.contains("//")) {
            return "must not start or end with '/' or contain an empty segment, was \"" + Names.printable(glob) + "\"";
        }
        if (glob.contains("***")) {
            return "'***' is ambiguous: use '*' within a segment or '**' across segments, was \"" + Names.printable(glob) + "\"";
        }
        return null;
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(String repository) {
        int k = kinds.length;
        boolean[] current = new boolean[k + 1];
        boolean[] next = new boolean[k + 1];
        current[0] = true;
        close(current);
        for (int p = 0; p < repository.length(); p++) {
            char c = repository.charAt(p);
            Arrays.fill(next, false);
            boolean any = false;
            for (int i = 0; i < k; i++) {
                if (!current[i]) {
                    continue;
                }
                switch (kinds[i]) {
                    case LITERAL -> {
                        if (chars[i] == c) {
                            next[i + 1] = any = true;
                        }
                    }
                    case ONE -> {
                        if (c != '/') {
                            next[i + 1] = any = true;
                        }
                    }
                    case STAR -> {
                        if (c != '/') {
                            next[i] = any = true;
                        }
                    }
                    case ANY -> next[i] = any = true;
                    default -> { } // SEGMENTS consumes nothing itself
                }
            }
            if (!any) {
                return false;
            }
            close(next);
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        return current[k];
    }

    /** Follow the moves that consume nothing; they all go forward, so one ascending pass suffices. */
    private void close(boolean[] states) {
        for (int i = 0; i < kinds.length; i++) {
            if (!states[i]) {
                continue;
            }
            switch (kinds[i]) {
                case STAR, ANY -> states[i + 1] = true;
                case SEGMENTS -> {
                    states[i + 1] = true;
                    states[i + 3] = true; // zero segments: skip '**' and its '/'
                }
                default -> { }
            }
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
