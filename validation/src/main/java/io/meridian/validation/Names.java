package io.meridian.validation;

import java.util.regex.Pattern;

/**
 * The one naming rule for every Meridian resource key (regions, registries, policies): a lowercase
 * DNS label, so a name is safe in URLs, metric tags, log lines and file names alike.
 */
public final class Names {

    public static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Names() {
    }

    /** @return null when {@code name} is acceptable, else the reason it is not */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (!LABEL.matcher(name).matches()) {
            return "must be lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. cn-hangzhou), was \""
                    + printable(name) + "\"";
        }
        return null;
    }

    public static void check(Violations violations, String field, String name) {
        String problem = problem(name);
        if (problem != null) {
            violations.add(field, problem);
        }
    }

    /** Echo user input into messages safely: bounded length, control characters replaced. */
    public static String printable(String value) {
        String bounded = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return bounded.replaceAll("\\p{Cntrl}", "?");
    }
}
