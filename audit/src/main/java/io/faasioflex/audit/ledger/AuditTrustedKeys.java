package io.faasioflex.audit.ledger;

import io.faasioflex.audit.AuditException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Ed25519 public keys whose signatures on checkpoints and retention boundaries the verifier accepts. Holding
 * several allows a key rotation: old checkpoints keep verifying under the retired key.
 */
public final class AuditTrustedKeys {

    private final Map<String, PublicKey> byKeyId;

    private AuditTrustedKeys(Map<String, PublicKey> byKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /** Trusts {@code keys}. */
    public static AuditTrustedKeys of(PublicKey... keys) {
        var byKeyId = new LinkedHashMap<String, PublicKey>();
        for (PublicKey key : keys) {
            byKeyId.put(keyIdOf(key), key);
        }
        return new AuditTrustedKeys(byKeyId);
    }

    /** Trusts the keys given as X.509 (SubjectPublicKeyInfo) encodings in standard Base64. */
    public static AuditTrustedKeys fromBase64(List<String> x509Base64) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            var keys = new PublicKey[x509Base64.size()];
            for (int i = 0; i < keys.length; i++) {
                byte[] der = Base64.getMimeDecoder().decode(x509Base64.get(i).strip());
                keys[i] = factory.generatePublic(new X509EncodedKeySpec(der));
            }
            return of(keys);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuditException("trusted audit key is not a Base64 X.509 Ed25519 public key", e);
        }
    }

    /** The key id of {@code key}: hex of the first 16 bytes of SHA-256 over its X.509 encoding. */
    public static String keyIdOf(PublicKey key) {
        return HexFormat.of().formatHex(Arrays.copyOf(ChainHash.digest(key.getEncoded()), 16));
    }

    public Set<String> keyIds() {
        return byKeyId.keySet();
    }

    /** Whether {@code signature} over {@code statement} was made by the trusted key {@code keyId}. */
    public boolean verify(String keyId, byte[] statement, byte[] signature) {
        PublicKey key = byKeyId.get(keyId);
        if (key == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(statement);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
