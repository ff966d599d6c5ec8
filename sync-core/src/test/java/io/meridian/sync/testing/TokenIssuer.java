package io.meridian.sync.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small token server for distribution's token auth: {@code GET /token?service=&scope=…} with Basic credentials
 * answers an RS256 JWT whose {@code x5c} header carries a signing certificate chained to a root CA that the
 * registry trusts ({@link #rootCertBundle()}). Known users get every action they ask for; anonymous requests get
 * only what {@link #allowAnonymous} grants. Counts requests so tests can check token caching.
 */
public final class TokenIssuer implements AutoCloseable {

    private final HttpServer server;
    private final Path dir;
    private final KeyPair signingKey;
    private final X509Certificate signingCert;
    private final X509Certificate rootCert;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final List<String> requestedScopes = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean anonymousPull;
    private volatile long expiresInSeconds = 300;

    private TokenIssuer() throws IOException, GeneralSecurityException, OperatorCreationException {
        dir = Files.createTempDirectory("meridian-token-");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair rootKey = gen.generateKeyPair();
        signingKey = gen.generateKeyPair();
        Instant now = Instant.now();
        X500Name rootName = new X500Name("CN=meridian-test-root");
        X509CertificateHolder root = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE,
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)), rootName, rootKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rootKey.getPrivate()));
        X509CertificateHolder leaf = new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO,
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)),
                new X500Name("CN=meridian-test-token-signer"), signingKey.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rootKey.getPrivate()));
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        rootCert = conv.getCertificate(root);
        signingCert = conv.getCertificate(leaf);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(rootCert);
        }
        Files.writeString(dir.resolve("root.pem"), pem.toString());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "token-issuer");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static TokenIssuer start() {
        try {
            return new TokenIssuer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a user who may do anything. */
    public TokenIssuer withUser(String user, String password) {
        users.put(user, password);
        return this;
    }

    /** Anonymous token requests are granted {@code pull} (only). */
    public TokenIssuer allowAnonymousPull() {
        this.anonymousPull = true;
        return this;
    }

    public TokenIssuer withExpiresIn(long seconds) {
        this.expiresInSeconds = seconds;
        return this;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String service() {
        return "meridian-test-registry";
    }

    public String issuer() {
        return "meridian-test-issuer";
    }

    public Path rootCertBundle() {
        return dir.resolve("root.pem");
    }

    /** Token requests served so far. */
    public int requests() {
        return requests.get();
    }

    /** Every scope asked for, in order. */
    public List<String> requestedScopes() {
        return List.copyOf(requestedScopes);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            Map<String, List<String>> query = parseQuery(ex.getRequestURI().getRawQuery());
            String user = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
            if (user == null && ex.getRequestHeaders().getFirst("Authorization") != null) {
                respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            for (String scope : query.getOrDefault("scope", List.of())) {
                for (String one : scope.split(" ")) {
                    requestedScopes.add(one);
                    String[] parts = one.split(":");
                    if (parts.length < 3) {
                        continue;
                    }
                    String actions = parts[parts.length - 1];
                    String name = String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
                    List<String> granted = new ArrayList<>();
                    for (String a : actions.split(",")) {
                        if (user != null || (anonymousPull && a.equals("pull"))) {
                            granted.add(a);
                        }
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("type", parts[0]);
                    entry.put("name", name);
                    entry.put("actions", granted);
                    access.add(entry);
                }
            }
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer())
                    .subject(user == null ? "" : user)
                    .audience(service())
                    .issueTime(Date.from(now))
                    .notBeforeTime(Date.from(now.minusSeconds(5)))
                    .expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("access", access)
                    .build();
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(signingCert.getEncoded()),
                            com.nimbusds.jose.util.Base64.encode(rootCert.getEncoded())))
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(signingKey.getPrivate()));
            String token = jwt.serialize();
            respond(ex, 200, "{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":"
                    + expiresInSeconds + ",\"issued_at\":\"" + now + "\"}");
        } catch (JOSEException | java.security.cert.CertificateEncodingException e) {
            respond(ex, 500, "{}");
        }
    }

    private String authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return decoded.substring(colon + 1).equals(users.get(user)) ? user : null;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        LocalRegistry.deleteTree(dir);
    }
}
