package io.faasioflex.audit.ledger;

import io.faasioflex.audit.AuditException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 key that signs checkpoints and retention boundaries, using the JDK's own EdDSA.
 *
 * <p>Configured as a PKCS#8 private key, in Base64 or in a file (PEM, Base64 or DER). The public key is derived from
 * it; {@link #publicKeyBase64()} is what the compliance API publishes and what {@link AuditTrustedKeys} takes.
 */
public final class AuditSigningKey {

    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private AuditSigningKey(PrivateKey privateKey) {
        this.privateKey = privateKey;
        this.publicKey = derivePublicKey(privateKey);
        this.keyId = AuditTrustedKeys.keyIdOf(publicKey);
    }

    /** A fresh random key, for tests and first-time set-up. */
    public static AuditSigningKey generate() {
        try {
            return new AuditSigningKey(
                    KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new AuditException("this Java runtime cannot generate Ed25519 keys", e);
        }
    }

    /** The key from its PKCS#8 encoding in standard Base64. */
    public static AuditSigningKey fromPkcs8Base64(String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new AuditException("audit signing key is not Base64", e);
        }
        return fromPkcs8(der);
    }

    /** The key from a file holding PKCS#8 as PEM ({@code BEGIN PRIVATE KEY}), Base64 or DER. */
    public static AuditSigningKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AuditException("cannot read audit signing key file " + file, e);
        }
        if (content.length > 0 && content[0] == 0x30) {
            return fromPkcs8(content);
        }
        String text = new String(content, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "");
        return fromPkcs8Base64(text);
    }

    private static AuditSigningKey fromPkcs8(byte[] der) {
        try {
            return new AuditSigningKey(KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new AuditException("audit signing key is not an Ed25519 PKCS#8 private key", e);
        }
    }

    /** Identifies the key pair: hex of the first 16 bytes of SHA-256 over the public key's X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key's X.509 (SubjectPublicKeyInfo) encoding in standard Base64. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The private key's PKCS#8 encoding in standard Base64, to store in configuration. Handle as a secret. */
    public String privateKeyPkcs8Base64() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    /** The trusted keys holding only this key's public half. */
    public AuditTrustedKeys trustedKeys() {
        return AuditTrustedKeys.of(publicKey);
    }

    /** The Ed25519 signature of {@code statement}. */
    public byte[] sign(byte[] statement) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(statement);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new AuditException("cannot sign with audit key id=" + keyId, e);
        }
    }

    @Override
    public String toString() {
        return "AuditSigningKey[keyId=" + keyId + "]";
    }

    /**
     * Ed25519's public key is a function of the 32 private bytes; the JDK offers no direct call, but its key pair
     * generator builds the pair from 32 bytes drawn from the random source, so a source that yields exactly the
     * private bytes yields the matching public key. The result is checked by a signature round trip.
     */
    private static PublicKey derivePublicKey(PrivateKey privateKey) {
        byte[] seed = ((EdECPrivateKey) privateKey)
                .getBytes()
                .orElseThrow(() -> new AuditException("audit signing key does not expose its bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
            KeyPair pair = generator.generateKeyPair();
            requireMatch(privateKey, pair.getPublic());
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new AuditException("cannot derive the public audit key", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static void requireMatch(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "faasioflex-audit key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(privateKey);
        signer.update(probe);
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signer.sign())) {
            throw new AuditException("derived public audit key does not match the private key");
        }
    }

    /** A random source that returns the given seed, once. */
    private static final class SeedSource extends SecureRandom {

        private final byte[] seed;

        SeedSource(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
