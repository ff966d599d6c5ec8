package io.meridian.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class MeridianApplication {
    public static void main(String[] args) {
        SpringApplication.run(MeridianApplication.class, args);
    }
}
