package io.meridian.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Meridian's server. Authentication is bearer tokens only (see security/), so Boot's default
 * in-memory user, whose generated password it would log, is excluded.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class MeridianApplication {
    public static void main(String[] args) {
        SpringApplication.run(MeridianApplication.class, args);
    }
}
