package io.faasioflex.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.audit.AuditException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 keys from configuration, and signed checkpoints and boundaries. */
class SigningTest {

    private final AuditSigningKey key = AuditSigningKey.generate();

    @Test
    void aKeyReadBackFromConfigurationIsTheSameKey(@TempDir Path directory) throws Exception {
        String pkcs8 = key.privateKeyPkcs8Base64();
        Path pem = directory.resolve("audit-signing.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + pkcs8 + "\n-----END PRIVATE KEY-----\n");

        assertThat(AuditSigningKey.fromPkcs8Base64(pkcs8).keyId()).isEqualTo(key.keyId());
        assertThat(AuditSigningKey.fromFile(pem).publicKeyBase64()).isEqualTo(key.publicKeyBase64());
        assertThat(AuditTrustedKeys.fromBase64(List.of(key.publicKeyBase64())).keyIds())
                .containsExactly(key.keyId());
        assertThat(key.toString()).doesNotContain(pkcs8);
    }

    @Test
    void aBrokenKeyIsRefused() {
        assertThatThrownBy(() -> AuditSigningKey.fromPkcs8Base64("bm90IGEga2V5"))
                .isInstanceOf(AuditException.class);
        assertThatThrownBy(() -> AuditSigningKey.fromPkcs8Base64("%%%")).isInstanceOf(AuditException.class);
    }

    @Test
    void aCheckpointVerifiesOnlyAsSignedAndOnlyUnderItsKey() {
        var checkpoint =
                Checkpoint.signed(3, 120, new byte[32], 20, Instant.parse("2026-01-01T00:00:00Z"), new byte[32], key);
        var altered = new Checkpoint(
                3,
                121,
                checkpoint.lastHash(),
                20,
                checkpoint.createdAt(),
                checkpoint.previousDigest(),
                checkpoint.keyId(),
                checkpoint.signature());

        assertThat(checkpoint.signatureValid(key.trustedKeys())).isTrue();
        assertThat(altered.signatureValid(key.trustedKeys())).isFalse();
        assertThat(checkpoint.signatureValid(AuditSigningKey.generate().trustedKeys()))
                .isFalse();
        assertThat(new String(checkpoint.statement(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("faasioflex-audit-checkpoint v1\ncheckpoint=3\nlast-seq=120\n")
                .endsWith("key=" + key.keyId() + "\n");
    }

    @Test
    void aRetentionBoundaryIsSignedOverTheCheckpointItNames() {
        var checkpoint = Checkpoint.signed(1, 40, new byte[32], 40, Instant.now(), new byte[32], key);
        var boundary = RetentionBoundary.signed(1, checkpoint, Instant.now(), 40, Instant.now(), key);

        assertThat(boundary.sequence()).isEqualTo(40);
        assertThat(boundary.signatureValid(key.trustedKeys())).isTrue();
    }
}
