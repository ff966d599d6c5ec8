package io.meridian.server.config;

import io.meridian.server.crypto.SecretProperties;
import io.meridian.server.db.DatabaseProperties;
import io.meridian.server.security.AdminProperties;
import io.meridian.server.security.UrlGuardProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers every {@code meridian.*} properties class (see docs/CONFIGURATION.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MeridianProperties.class, DatabaseProperties.class, AdminProperties.class,
        SecretProperties.class, UrlGuardProperties.class})
public class PropertiesConfiguration {
}
