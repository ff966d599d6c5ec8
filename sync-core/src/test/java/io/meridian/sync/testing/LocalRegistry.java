package io.meridian.sync.testing;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.RegistryEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}, Debian package) on a free loopback port, in a
 * temp dir, with delete enabled. Anonymous, htpasswd Basic, or Bearer token auth via {@link TokenIssuer};
 * optional push notifications. {@link #close()} kills it and deletes its storage. Share one per test class.
 *
 * <pre>
 * try (LocalRegistry reg = LocalRegistry.anonymous()) {
 *     RegistryClient client = new RegistryClient(transport, reg.endpoint());
 * }
 * </pre>
 */
public final class LocalRegistry implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // A test that forgets close() (or a JVM killed by surefire's timeout) must not leave registries behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "local-registry-reaper"));
    }

    private final Path dir;
    private volatile Process process;
    private final int port;
    private final Credentials credentials;
    /** The certificates it serves https with; null: plain http. */
    private final TestCertificates tls;

    private LocalRegistry(Path dir, Process process, int port, Credentials credentials, TestCertificates tls) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.credentials = credentials;
        this.tls = tls;
    }

    public static LocalRegistry anonymous() {
        return builder().start();
    }

    /** htpasswd Basic auth with one bcrypt user. */
    public static LocalRegistry basic(String user, String password) {
        return builder().basic(user, password).start();
    }

    /** Bearer token auth; the issuer signs the tokens, the registry trusts its root certificate. */
    public static LocalRegistry token(TokenIssuer issuer) {
        return builder().token(issuer).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String user;
        private String password;
        private TokenIssuer issuer;
        private String notifyUrl;
        private Map<String, String> notifyHeaders = Map.of();
        private boolean tls;
        private boolean readOnly;

        public Builder basic(String username, String pass) {
            this.user = username;
            this.password = pass;
            return this;
        }

        public Builder token(TokenIssuer tokenIssuer) {
            this.issuer = tokenIssuer;
            return this;
        }

        /**
         * Distribution's own read-only mode ({@code storage.maintenance.readonly.enabled: true}): every write is
         * refused (distribution 2.8.2 answers {@code 405 Method Not Allowed}, {@code Allow: GET, HEAD}).
         */
        public Builder readOnly(boolean on) {
            this.readOnly = on;
            return this;
        }

        /** Push/pull events are POSTed to {@code url} with these headers (distribution notifications). */
        public Builder withNotifications(String url, Map<String, String> headers) {
            this.notifyUrl = url;
            this.notifyHeaders = new LinkedHashMap<>(headers);
            return this;
        }

        /**
         * Serves https only ({@code http.tls.certificate} / {@code key}) with a certificate for 127.0.0.1 signed by a
         * private CA made for this registry ({@link #caBundle()}).
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        public LocalRegistry start() {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probe and bind
                try {
                    return startOnce();
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }

        private LocalRegistry startOnce() {
            try {
                Path dir = Files.createTempDirectory("meridian-registry-");
                int port = freePort();
                StringBuilder yml = new StringBuilder()
                        .append("version: 0.1\n")
                        .append("log: {level: warn, accesslog: {disabled: true}}\n")
                        .append("storage:\n")
                        .append("  filesystem: {rootdirectory: ").append(q(dir.resolve("data").toString())).append("}\n")
                        .append("  delete: {enabled: true}\n")
                        .append("  cache: {blobdescriptor: inmemory}\n")
                        .append(maintenance(readOnly))
                        .append("http: {addr: \"127.0.0.1:").append(port).append("\", secret: meridian-test-secret");
                TestCertificates certificates = tls ? TestCertificates.forLoopback(dir.resolve("tls")) : null;
                if (certificates != null) {
                    yml.append(", tls: {certificate: ").append(q(certificates.certificate().toString()))
                            .append(", key: ").append(q(certificates.key().toString())).append("}");
                }
                yml.append("}\n");
                Credentials creds = Credentials.anonymous();
                if (user != null) {
                    Path htpasswd = dir.resolve("htpasswd");
                    Process p = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(false).start();
                    byte[] out = p.getInputStream().readAllBytes();
                    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        throw new IllegalStateException("htpasswd failed");
                    }
                    Files.write(htpasswd, out);
                    yml.append("auth: {htpasswd: {realm: basic-realm, path: ").append(q(htpasswd.toString())).append("}}\n");
                    creds = Credentials.basic(user, password);
                } else if (issuer != null) {
                    yml.append("auth: {token: {realm: ").append(q(issuer.realm())).append(", service: ")
                            .append(q(issuer.service())).append(", issuer: ").append(q(issuer.issuer()))
                            .append(", rootcertbundle: ").append(q(issuer.rootCertBundle().toString())).append("}}\n");
                }
                if (notifyUrl != null) {
                    yml.append("notifications:\n  endpoints:\n    - name: meridian\n      url: ").append(q(notifyUrl))
                            .append("\n      timeout: 1s\n      threshold: 5\n      backoff: 1s\n      headers:\n");
                    for (Map.Entry<String, String> h : notifyHeaders.entrySet()) {
                        yml.append("        ").append(q(h.getKey())).append(": [").append(q(h.getValue())).append("]\n");
                    }
                }
                Path config = dir.resolve("config.yml");
                Files.writeString(config, yml.toString());
                LocalRegistry reg = new LocalRegistry(dir, serve(dir), port, creds, certificates);
                try {
                    reg.awaitReady();
                } catch (RuntimeException e) {
                    String tail = reg.log();
                    reg.close();
                    throw new IllegalStateException("docker-registry did not start on port " + port + ": "
                            + e.getMessage() + "\n" + tail.substring(Math.max(0, tail.length() - 2000)), e);
                }
                return reg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String maintenance(boolean readOnly) {
        return "  maintenance: {uploadpurging: {enabled: false}" + (readOnly ? ", readonly: {enabled: true}" : "") + "}\n";
    }

    private static Process serve(Path dir) throws IOException {
        Process process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("registry.log").toFile())).start();
        RUNNING.add(process);
        return process;
    }

    /**
     * Restarts the registry on the same port and storage with read-only mode switched {@code on} or off (an operator
     * making a full or frozen registry writable again).
     */
    public void restart(boolean readOnly) {
        try {
            Path config = dir.resolve("config.yml");
            String yml = Files.readString(config).replace(maintenance(true), maintenance(readOnly))
                    .replace(maintenance(false), maintenance(readOnly));
            stop();
            Files.writeString(config, yml);
            process = serve(dir);
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            builder.sslContext(trusting(tls.caBundle()));
        }
        HttpClient http = builder.build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20); // polling interval while awaiting the condition, bounded by the deadline
        }
        throw new IllegalStateException("/v2/ did not answer within " + START_TIMEOUT);
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://…} for a {@link Builder#tls()} registry. */
    public String url() {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** The PEM of the private CA that signed a {@link Builder#tls()} registry's certificate. */
    public Path caBundle() {
        if (tls == null) {
            throw new IllegalStateException("registry on port " + port + " serves plain http");
        }
        return tls.caBundle();
    }

    /** An SSL context that trusts only the CA in {@code pem}. */
    static javax.net.ssl.SSLContext trusting(Path pem) {
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }

    /** {@code 127.0.0.1:<port>}, as in image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The credentials this registry was started with (anonymous for anonymous and token registries). */
    public Credentials credentials() {
        return credentials;
    }

    /** An endpoint with this registry's own credentials: insecure (plain http), or https trusting its CA bundle. */
    public RegistryEndpoint endpoint() {
        return endpoint(credentials);
    }

    public RegistryEndpoint endpoint(Credentials creds) {
        if (tls != null) {
            return new RegistryEndpoint(URI.create(url()), false, creds, java.util.Optional.of(tls.caBundle()));
        }
        return RegistryEndpoint.insecure(url(), creds);
    }

    /** The registry's storage root (to check what landed on disk). */
    public Path storage() {
        return dir.resolve("data");
    }

    /** The registry's log so far (for assertion messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    private void stop() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        RUNNING.remove(process);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + url() + "]";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
