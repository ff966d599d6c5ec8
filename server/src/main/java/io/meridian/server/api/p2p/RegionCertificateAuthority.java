package io.meridian.server.api.p2p;

import io.meridian.server.crypto.SecretCipher;
import io.meridian.server.problem.ApiProblem;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each region's P2P CA: self-signed (EC P-256, BouncyCastle), generated once per region and kept in
 * {@code region_p2p_cas} with its private key encrypted like credentials ({@code SecretCipher}, context
 * {@code region-ca:<region>}). Nodes trust its certificate ({@code ca.pem}); it signs leaf certificates for the
 * region's mirror endpoints. The owner of that table.
 */
@Component
public class RegionCertificateAuthority {

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(397);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public RegionCertificateAuthority(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** A certificate and its key, PEM; {@code toString()} hides the key. */
    public record Issued(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Issued[certificate, privateKey=***]";
        }
    }

    /** The region's CA certificate (PEM), generated on first use; 404 for an unknown region. */
    @Transactional
    public String certificatePem(String region) {
        return jdbc.sql("SELECT certificate_pem FROM region_p2p_cas WHERE name = :n").param("n", region)
                .query(String.class).optional().orElseGet(() -> create(region));
    }

    /** A server leaf certificate for {@code dnsNames}, signed by the region's CA. */
    @Transactional
    public Issued issue(String region, List<String> dnsNames) {
        String caPem = certificatePem(region);
        byte[] keyCiphertext = jdbc.sql("SELECT private_key_ciphertext FROM region_p2p_cas WHERE name = :n")
                .param("n", region).query((rs, i) -> rs.getBytes(1)).single();
        try {
            X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(caPem.getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII)));
            PrivateKey caKey = readKey(cipher.decrypt(keyCiphertext, context(region)));
            KeyPair leaf = keyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(LEAF_VALIDITY)), new X500Name("CN=" + dnsNames.get(0)), leaf.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leaf.getPublic()));
            X509Certificate cert = sign(b, caKey);
            return new Issued(pem(cert), pem(leaf.getPrivate()));
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("issuing a certificate of region " + region + " failed", e);
        }
    }

    private String create(String region) {
        Long regionId = jdbc.sql("SELECT id FROM regions WHERE name = :n FOR SHARE").param("n", region)
                .query(Long.class).optional().orElseThrow(() -> ApiProblem.notFound("region", region));
        try {
            KeyPair kp = keyPair();
            X500Name subject = new X500Name("CN=Meridian P2P CA " + region + ",O=Meridian");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(CA_VALIDITY)), subject, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            String certPem = pem(sign(b, kp.getPrivate()));
            // generated once: a concurrent first request loses the insert and reads the winner's
            jdbc.sql("INSERT INTO region_p2p_cas (region_id, name, certificate_pem, private_key_ciphertext)"
                            + " VALUES (:id, :n, :cert, :key) ON CONFLICT (region_id) DO NOTHING")
                    .param("id", regionId).param("n", region).param("cert", certPem)
                    .param("key", cipher.encrypt(pem(kp.getPrivate()), context(region)), java.sql.Types.BINARY)
                    .update();
            return jdbc.sql("SELECT certificate_pem FROM region_p2p_cas WHERE region_id = :id").param("id", regionId)
                    .query(String.class).single();
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("creating the P2P CA of region " + region + " failed", e);
        }
    }

    static String context(String region) {
        return "region-ca:" + region;
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(Object o) throws java.io.IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    /** PKCS#8 ("PRIVATE KEY"), the form every tool reads back. */
    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static PrivateKey readKey(String pem) throws java.io.IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }
}
