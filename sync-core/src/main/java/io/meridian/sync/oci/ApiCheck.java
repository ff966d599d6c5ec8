package io.meridian.sync.oci;

import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * {@code GET /v2/}: does this endpoint speak the distribution API, and how long does one round trip take? Sent
 * with the registry's credentials (a token for no scope where it uses tokens); 200 is healthy. The endpoint
 * probe's latency sample.
 */
record ApiCheck() {

    void execute(RegistryHttp http) {
        String action = "GET /v2/ of " + http.endpoint().hostPort();
        HttpResponse<InputStream> resp = http.send(RegistryHttp.Request.of("GET", http.uri("/v2/"), Set.of(), action));
        RegistryHttp.drain(resp);
        if (resp.statusCode() != 200) {
            throw Errors.fromStatus(action, resp.statusCode(), null, resp.headers().firstValue("Retry-After").orElse(null));
        }
    }
}
