package io.meridian.server.api.p2p;

import io.meridian.server.security.UrlGuard;
import io.meridian.sync.p2p.P2pEngines;
import io.meridian.sync.p2p.PreheatSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's {@link P2pEngines} (replacing sync-core's default): every request to an engine passes the SSRF
 * {@link UrlGuard} at connection time too, as registry requests do.
 */
@Configuration(proxyBeanMethods = false)
public class P2pConfiguration {

    @Bean
    public P2pEngines p2pEngines(UrlGuard urlGuard) {
        return new P2pEngines(PreheatSettings.defaults(), urlGuard);
    }
}
