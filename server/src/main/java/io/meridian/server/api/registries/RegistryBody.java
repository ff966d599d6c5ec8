package io.meridian.server.api.registries;

import java.util.List;

/**
 * The JSON a client sends: {@code {"name":"hz","region":"cn-hangzhou","url":"http://127.0.0.1:5201",
 * "insecure":true,"username":"…","password":"…"}}; {@code kind} is optional (distribution), and so is
 * {@code caBundle}: the absolute path on the Meridian host of a PEM file of extra CA certificates trusted
 * for this (https) registry. The password is write-only. Kind {@code s3} takes its bucket settings in
 * {@code s3} ({@link S3Body}) and may omit {@code url} (then the endpoint, or AWS's regional S3 endpoint).
 * {@code endpoints} lists more ways to reach an OCI registry besides its url ({@link EndpointBody}, docs/PATHS.md).
 */
public record RegistryBody(String name, String region, String url, Boolean insecure, String kind, String username,
                           String password, String caBundle, S3Body s3, List<EndpointBody> endpoints) {

    public RegistryBody(String name, String region, String url, Boolean insecure, String kind, String username,
                        String password, String caBundle) {
        this(name, region, url, insecure, kind, username, password, caBundle, null, null);
    }

    public RegistryBody(String name, String region, String url, Boolean insecure, String kind, String username,
                        String password, String caBundle, S3Body s3) {
        this(name, region, url, insecure, kind, username, password, caBundle, s3, null);
    }

    @Override
    public String toString() { // never print the password, not even by accident
        return "RegistryBody[name=" + name + ", region=" + region + ", url=" + url + ", caBundle=" + caBundle + ", s3=" + s3 + ", endpoints=" + endpoints + "]";
    }
}
