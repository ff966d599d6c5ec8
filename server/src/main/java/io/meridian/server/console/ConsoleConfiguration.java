package io.meridian.server.console;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the web console (built by {@code web-ui} into {@code META-INF/resources/} of its jar) at
 * {@code /}, with a single-page-application fallback: a path that is no file and not under an API
 * prefix answers {@code index.html}, so {@code /policies/x} can be reloaded or bookmarked. API,
 * actuator, OpenAPI and Swagger paths never fall back (an unknown one stays a 404), and a missing
 * file with an extension (an asset) stays a 404 rather than HTML.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {

    static final String LOCATION = "classpath:/META-INF/resources/";
    private static final List<String> NO_FALLBACK = List.of("api/", "actuator/", "v3/", "swagger-ui", "error");

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Built assets carry a content hash in their names: cache them for long.
        registry.addResourceHandler("/assets/**").addResourceLocations(LOCATION + "assets/")
                .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
        registry.addResourceHandler("/**").addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(false)
                .addResolver(new SpaFallbackResolver());
    }

    /** Exists as a file: that file; else, for a page path, {@code index.html}. */
    static final class SpaFallbackResolver extends PathResourceResolver {

        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource found = super.getResource(resourcePath, location);
            if (found != null || !isPagePath(resourcePath)) {
                return found;
            }
            return super.getResource("index.html", location);
        }

        static boolean isPagePath(String path) {
            for (String prefix : NO_FALLBACK) {
                if (path.startsWith(prefix)) {
                    return false;
                }
            }
            String last = path.substring(path.lastIndexOf('/') + 1);
            return !last.contains(".");
        }
    }
}
