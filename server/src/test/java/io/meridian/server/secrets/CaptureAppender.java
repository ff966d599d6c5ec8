package io.meridian.server.secrets;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * A logback appender (declared in the server's {@code logback-test.xml}) that hands every log event of the test
 * JVM, formatted with its stack trace, to {@link SecretsCapture}.
 */
public final class CaptureAppender extends AppenderBase<ILoggingEvent> {

    private final PatternLayout layout = new PatternLayout();

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern("%d{HH:mm:ss.SSS} [%thread] %-5level %logger - %msg%n%ex");
        layout.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        SecretsCapture.log(layout.doLayout(event));
    }
}
