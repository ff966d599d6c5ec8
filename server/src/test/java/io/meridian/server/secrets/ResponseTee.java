package io.meridian.server.secrets;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Test wiring (found by the application's component scan on the test classpath, so every server the tests start
 * has it): a servlet filter before all others, on request, async and error dispatches, that copies every response
 * body the server writes to {@link SecretsCapture} while passing it on unchanged — streamed answers (server-sent
 * events) chunk by chunk as they are flushed.
 */
@Configuration(proxyBeanMethods = false)
public class ResponseTee {

    @Bean
    FilterRegistrationBean<Filter> responseTeeFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(ResponseTee::filter);
        registration.setName("secretsResponseTee");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    private static void filter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        TeeResponse tee = new TeeResponse(answer, http.getMethod(), http.getRequestURI());
        try {
            chain.doFilter(request, tee);
        } finally {
            if (http.isAsyncStarted()) {
                http.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        tee.emit();
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        tee.emit();
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        tee.emit();
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // the listener stays registered
                    }
                });
            } else {
                tee.emit();
            }
        }
    }
}
