package io.meridian.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for credentials at rest. Output layout: {@code version(1) || nonce(12) ||
 * ciphertext || tag(16)}. A fresh random nonce per message; the optional {@code context}
 * (e.g. {@code "registry:hz"}) is bound as associated data, so a ciphertext copied onto
 * another row does not decrypt. Thread-safe; messages never contain the secret.
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    /** During a key rotation: the previous key, still accepted for decryption. Null otherwise. */
    private final SecretKey previous;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(byte[] key) {
        this(key, null);
    }

    /** @param previousKey null, or the key being rotated away from: what it encrypted stays readable */
    public SecretCipher(byte[] key, byte[] previousKey) {
        this.key = spec(key);
        this.previous = previousKey == null ? null : spec(previousKey);
    }

    private static SecretKey spec(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("secret key must be " + KEY_BYTES + " bytes (AES-256), got "
                    + (key == null ? "none" : key.length + " bytes"));
        }
        return new SecretKeySpec(key.clone(), "AES");
    }

    /** True when {@code message} decrypts under the current key (not only under the previous one). */
    public boolean isCurrent(byte[] message, String context) {
        try {
            open(key, message, context);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A new random 32-byte key. */
    public static byte[] generateKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BYTES * 8, new SecureRandom());
            return generator.generateKey().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is not available in this JVM", e);
        }
    }

    public byte[] encrypt(String plaintext, String context) {
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext must not be null");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("encrypting a secret for " + describe(context) + " failed", e);
        }
    }

    public String decrypt(byte[] message, String context) {
        if (message == null || message.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretCipherException("stored secret for " + describe(context) + " is truncated", null);
        }
        if (message[0] != VERSION) {
            throw new SecretCipherException("stored secret for " + describe(context)
                    + " has unknown format version " + message[0], null);
        }
        try {
            try {
                return open(key, message, context);
            } catch (AEADBadTagException e) {
                if (previous == null) {
                    throw e;
                }
                return open(previous, message, context);
            }
        } catch (AEADBadTagException e) {
            throw new SecretCipherException("stored secret for " + describe(context)
                    + " failed authentication (tampered, or encrypted with another key)", null);
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("decrypting the stored secret for " + describe(context) + " failed", e);
        }
    }

    private static String open(SecretKey with, byte[] message, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, with, new GCMParameterSpec(TAG_BITS, message, 1, NONCE_BYTES));
        cipher.updateAAD(aad(context));
        byte[] plain = cipher.doFinal(message, 1 + NONCE_BYTES, message.length - 1 - NONCE_BYTES);
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] aad(String context) {
        return (context == null ? "" : context).getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(String context) {
        return context == null || context.isEmpty() ? "(no context)" : context;
    }

    /** Never carries plaintext or key material. */
    public static final class SecretCipherException extends RuntimeException {
        SecretCipherException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
