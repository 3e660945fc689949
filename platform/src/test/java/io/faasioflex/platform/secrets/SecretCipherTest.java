package io.faasioflex.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    private static final String KEY_A = newKey();
    private static final String KEY_B = newKey();
    private static final byte[] VALUE = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedValueOpensUnderItsOwnKvKeyAndHidesThePlaintext() {
        SecretCipher cipher = cipher(Map.of("a1", KEY_A), "");

        SealedSecret sealed = cipher.seal("ns.fn.token", VALUE);

        assertThat(sealed.keyId()).isEqualTo("a1");
        assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
        assertThat(new String(Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("horse");
        assertThat(cipher.open("ns.fn.token", sealed)).isEqualTo(VALUE);
    }

    @Test
    void everySealUsesAFreshNonce() {
        SecretCipher cipher = cipher(Map.of("a1", KEY_A), "a1");

        assertThat(cipher.seal("ns.fn.token", VALUE).nonce())
                .isNotEqualTo(cipher.seal("ns.fn.token", VALUE).nonce());
    }

    @Test
    void ciphertextMovedToAnotherKvKeyDoesNotOpen() {
        SecretCipher cipher = cipher(Map.of("a1", KEY_A), "a1");
        SealedSecret sealed = cipher.seal("ns.fn.token", VALUE);

        assertThatThrownBy(() -> cipher.open("other.fn.token", sealed))
                .isInstanceOf(SecretException.class)
                .hasMessageNotContaining("horse");
    }

    @Test
    void valueSealedWithAnOldKeyOpensAfterTheActiveKeyChanges() {
        SealedSecret old = cipher(Map.of("a1", KEY_A), "a1").seal("ns.fn.token", VALUE);

        SecretCipher rotated = cipher(Map.of("a1", KEY_A, "b2", KEY_B), "b2");

        assertThat(rotated.open("ns.fn.token", old)).isEqualTo(VALUE);
        assertThat(rotated.seal("ns.fn.token", VALUE).keyId()).isEqualTo("b2");
    }

    @Test
    void valueOfARemovedKeyIsRefusedByName() {
        SealedSecret old = cipher(Map.of("a1", KEY_A), "a1").seal("ns.fn.token", VALUE);

        assertThatThrownBy(() -> cipher(Map.of("b2", KEY_B), "b2").open("ns.fn.token", old))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("key a1");
    }

    @Test
    void withoutKeysNothingIsSealed() {
        SecretCipher cipher = cipher(Map.of(), "");

        assertThat(cipher.configured()).isFalse();
        assertThatThrownBy(() -> cipher.seal("ns.fn.token", VALUE)).isInstanceOf(SecretException.class);
    }

    @Test
    void keysAreReadFromAKeyFileAndCheckedForLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.keys");
        Files.writeString(file, "# comment\na1=" + KEY_A + "\nb2=" + KEY_B + "\n");

        SecretCipher cipher = SecretKeys.cipher(new SecretsProperties(Map.of(), file.toString(), "b2", "/dev/shm", 1));

        assertThat(cipher.activeKeyId()).isEqualTo("b2");
        assertThatThrownBy(() -> cipher(Map.of("a1", "c2hvcnQ="), "a1"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> cipher(Map.of("a1", KEY_A, "b2", KEY_B), "")).hasMessageContaining("active-key-id");
    }

    private static SecretCipher cipher(Map<String, String> keys, String active) {
        return SecretKeys.cipher(new SecretsProperties(keys, "", active, "/dev/shm", 65536));
    }

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
