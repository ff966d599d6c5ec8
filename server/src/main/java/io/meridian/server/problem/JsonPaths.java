package io.meridian.server.problem;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Renders a Jackson reference path as {@code destinations[0].registry}. */
final class JsonPaths {

    private JsonPaths() {
    }

    static String of(List<JacksonException.Reference> path) {
        return io.meridian.policies.StrictJson.path(path);
    }

    /**
     * Jackson's message without its location suffix and source excerpt. Messages that would quote the input
     * ({@code Unrecognized token 'hunter2'}, {@code from String "hunter2"}) lose the quoted text: the input may
     * be a password typed without quotes, and an API response never echoes a secret.
     */
    static String reason(JacksonException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            return "invalid value";
        }
        int nl = msg.indexOf('\n');
        String first = nl < 0 ? msg : msg.substring(0, nl);
        return io.meridian.policies.StrictJson.withoutInput(first);
    }
}
