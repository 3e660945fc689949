package io.faasioflex.audit.pseudonym;

import io.faasioflex.audit.AuditException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master secret of pseudonymisation: 32 random bytes from configuration, never stored in the database.
 *
 * <p>Two keys are derived from it with HMAC-SHA-256 over fixed labels: the <em>wrapping key</em>, which encrypts the
 * per-subject keys held in {@code subject_keys}, and the <em>index key</em>, which turns a subject into the digest that
 * finds its key. The database alone therefore reveals neither subjects nor their keys.
 */
public final class PseudonymKey {

    private static final int LENGTH = 32;

    private final SecretKey wrappingKey;
    private final SecretKey indexKey;

    private PseudonymKey(byte[] master) {
        if (master.length != LENGTH) {
            throw new AuditException("pseudonymisation key must be " + LENGTH + " bytes, got " + master.length);
        }
        this.wrappingKey = new SecretKeySpec(derive(master, "faasioflex-audit wrap v1"), "AES");
        this.indexKey = new SecretKeySpec(derive(master, "faasioflex-audit subject-index v1"), "HmacSHA256");
    }

    /** A fresh random key, for tests and first-time set-up. */
    public static PseudonymKey generate() {
        var master = new byte[LENGTH];
        new SecureRandom().nextBytes(master);
        try {
            return new PseudonymKey(master);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** The key from its 32 bytes in standard Base64. */
    public static PseudonymKey fromBase64(String base64) {
        byte[] master;
        try {
            master = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new AuditException("pseudonymisation key is not Base64", e);
        }
        try {
            return new PseudonymKey(master);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** Generates a new master secret and returns it in Base64, to put into configuration. */
    public static String newBase64() {
        var master = new byte[LENGTH];
        new SecureRandom().nextBytes(master);
        return Base64.getEncoder().encodeToString(master);
    }

    SecretKey wrappingKey() {
        return wrappingKey;
    }

    /** The digest under which {@code subject}'s key is found. */
    byte[] subjectDigest(String subject) {
        return hmac(indexKey, subject.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "PseudonymKey[***]";
    }

    private static byte[] derive(byte[] master, String label) {
        return hmac(new SecretKeySpec(master, "HmacSHA256"), label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(SecretKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }
}
