package io.meridian.server.api.registries;

/**
 * The JSON a client sends: {@code {"name":"hz","region":"cn-hangzhou","url":"http://127.0.0.1:5201",
 * "insecure":true,"username":"…","password":"…"}}; {@code kind} is optional (distribution), and so is
 * {@code caBundle}: the absolute path on the Meridian host of a PEM file of extra CA certificates trusted
 * for this (https) registry. The password is write-only.
 */
public record RegistryBody(String name, String region, String url, Boolean insecure, String kind, String username,
                           String password, String caBundle) {

    @Override
    public String toString() { // never print the password, not even by accident
        return "RegistryBody[name=" + name + ", region=" + region + ", url=" + url + ", caBundle=" + caBundle + "]";
    }
}
