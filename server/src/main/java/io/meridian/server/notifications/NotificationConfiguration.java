package io.meridian.server.notifications;

import io.meridian.server.api.executions.ExecutionQueries;
import io.meridian.server.crypto.SecretCipher;
import io.meridian.server.security.UrlGuard;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the notification dispatcher (its own threads; see {@link NotificationDispatcher}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationConfiguration {

    @Bean
    NotificationDispatcher notificationDispatcher(DeliveryRepository deliveries, NotificationRepository notifications,
                                                  ExecutionQueries executions, SecretCipher cipher, UrlGuard urlGuard,
                                                  NotificationProperties properties,
                                                  ObjectProvider<MeterRegistry> meters) {
        return new NotificationDispatcher(deliveries, notifications, executions, cipher,
                new SignedPost(urlGuard, properties.requestTimeout()), properties, meters.getIfAvailable());
    }
}
