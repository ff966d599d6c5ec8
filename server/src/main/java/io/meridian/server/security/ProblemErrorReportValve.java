package io.meridian.server.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page (a request refused before Spring sees it: an invalid URI such as
 * {@code %00} in the path) as RFC 9457 problem+json instead of HTML. Installed as the host's
 * error report valve; errors Spring handles never reach it.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = "the web server refused the request (" + status + "): malformed request line, path or headers";
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":" + status + ",\"detail\":\""
                + reason + "\",\"field\":\"path\",\"errors\":[{\"field\":\"path\",\"reason\":\"" + reason + "\"}]}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: nothing to report to
        }
    }
}
