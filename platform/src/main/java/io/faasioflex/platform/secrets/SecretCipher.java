package io.faasioflex.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secret values with AES-256-GCM: a fresh random 96-bit nonce per value, a 128-bit tag, and the
 * value's KV key as associated data. New values use the active key; older ones open with the key id they name, so
 * rotation is adding a key, making it active, and keeping the old one until every value was written again.
 *
 * <p>TODO: no re-sealing job moves old values to the active key; a value stays under its key until it is written
 * again, so an old key can only be removed after every secret under it was rewritten.
 */
final class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    /** {@code activeKeyId} must name one of {@code keys}, unless there are none (then nothing can be sealed). */
    SecretCipher(Map<String, SecretKey> keys, String activeKeyId) {
        if (!keys.isEmpty() && !keys.containsKey(activeKeyId)) {
            throw new SecretException("the active secrets key " + activeKeyId + " is not among the configured keys");
        }
        this.keys = Map.copyOf(keys);
        this.activeKeyId = activeKeyId;
    }

    boolean configured() {
        return !keys.isEmpty();
    }

    String activeKeyId() {
        return activeKeyId;
    }

    SealedSecret seal(String kvKey, byte[] plaintext) {
        if (!configured()) {
            throw new SecretException("no secrets key is configured (faas.secrets.keys or faas.secrets.key-file)");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, kvKey, plaintext);
        Base64.Encoder base64 = Base64.getEncoder();
        return new SealedSecret(activeKeyId, base64.encodeToString(nonce), base64.encodeToString(ciphertext));
    }

    byte[] open(String kvKey, SealedSecret sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new SecretException(
                    "secret " + kvKey + " was sealed with key " + sealed.keyId() + ", which is not configured");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            return run(
                    Cipher.DECRYPT_MODE, key, base64.decode(sealed.nonce()), kvKey, base64.decode(sealed.ciphertext()));
        } catch (IllegalArgumentException e) {
            throw new SecretException("secret " + kvKey + " is not valid Base64", e);
        }
    }

    private static byte[] run(int mode, SecretKey key, byte[] nonce, String kvKey, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kvKey.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // A failed tag check lands here: the value was altered, moved to another key, or sealed by another key.
            throw new SecretException(
                    "secret " + kvKey + " cannot be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
