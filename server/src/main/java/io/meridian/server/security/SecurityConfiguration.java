package io.meridian.server.security;

import io.meridian.server.config.MeridianProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security. Open: health, info, the OpenAPI document and Swagger UI,
 * the console's static files. Token required: {@code /api/**} and every other actuator
 * endpoint (Prometheus scrapes with {@code Authorization: Bearer}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    AdminTokenBootstrap adminTokenBootstrap(ApiTokens tokens, AdminProperties admin, MeridianProperties meridian) {
        return new AdminTokenBootstrap(tokens, admin, meridian);
    }

    /** The SSRF guard: registration checks and the OCI transport's connect-time address check. */
    @Bean
    UrlGuard urlGuard(UrlGuardProperties properties) {
        return new UrlGuard(properties);
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    /**
     * Tomcat refuses a path with an encoded slash ({@code %2F}) itself, with an HTML page; passed
     * through, the security firewall refuses it with a problem+json 400 like any other bad path.
     * What Tomcat still refuses itself (e.g. {@code %00}) is reported as problem+json too.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
            factory.addContextCustomizers(context -> ((org.apache.catalina.core.StandardHost) context.getParent())
                    .setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
        };
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, ProblemResponses problems)
            throws Exception {
        // Requests carry no cookies or sessions (bearer tokens only), so CSRF protection has nothing to protect.
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(auth -> auth
                        // the async re-dispatch that ends a server-sent event stream was authorized on its request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // roles per route (issue 14): AccessRules; anonymous requests get the 401 entry point
                        .requestMatchers("/api/**", "/actuator/**").access(new AccessRules())
                        .anyRequest().permitAll());
        return http.build();
    }
}
