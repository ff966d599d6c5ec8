package io.meridian.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher(SecretCipher.generateKey());

    @Test
    void roundTripsRandomSecrets() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(300);
            for (int j = 0; j < len; j++) {
                sb.appendCodePoint(random.nextInt(0x2FFF) + 1);
            }
            String secret = sb.toString();
            String context = "registry:r" + random.nextInt(10);
            assertThat(cipher.decrypt(cipher.encrypt(secret, context), context)).as("seed %d case %d", seed, i)
                    .isEqualTo(secret);
        }
    }

    @Test
    void usesAFreshNonceEachTime() {
        assertThat(cipher.encrypt("same", "c")).isNotEqualTo(cipher.encrypt("same", "c"));
    }

    @Test
    void detectsTamperingAnywhereInTheMessage() {
        byte[] sealed = cipher.encrypt("hunter2-password", "registry:hz");
        for (int i = 1; i < sealed.length; i++) {
            byte[] copy = sealed.clone();
            copy[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> cipher.decrypt(copy, "registry:hz")).as("flipped byte %d", at)
                    .isInstanceOf(SecretCipher.SecretCipherException.class)
                    .hasMessageContaining("failed authentication")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void refusesAnotherKey() {
        byte[] sealed = cipher.encrypt("hunter2-password", "registry:hz");
        SecretCipher other = new SecretCipher(SecretCipher.generateKey());
        assertThatThrownBy(() -> other.decrypt(sealed, "registry:hz"))
                .hasMessageContaining("another key").hasMessageNotContaining("hunter2");
    }

    @Test
    void bindsTheCiphertextToItsContext() {
        byte[] sealed = cipher.encrypt("hunter2-password", "registry:hz");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "registry:ldn")).hasMessageContaining("registry:ldn");
    }

    @Test
    void rejectsTruncatedAndUnknownVersions() {
        assertThatThrownBy(() -> cipher.decrypt(new byte[5], "c")).hasMessageContaining("truncated");
        byte[] sealed = cipher.encrypt("x", "c");
        sealed[0] = 9;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "c")).hasMessageContaining("version 9");
    }

    @Test
    void rejectsKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).hasMessageContaining("32 bytes");
    }
}
