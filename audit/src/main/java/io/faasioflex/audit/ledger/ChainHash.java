package io.faasioflex.audit.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger's hash chain: {@code hash(n) = SHA-256(hash(n-1) || document(n))}, where {@code document(n)} is the
 * {@link CanonicalForm} of the n-th row in stream order and the chain starts from {@link #genesis()}, 32 zero bytes (or,
 * after retention, from the signed boundary hash).
 */
public final class ChainHash {

    /** Length of every hash in bytes. */
    public static final int LENGTH = 32;

    private ChainHash() {}

    /** The hash of the row with {@code document} that follows a row whose hash is {@code previous}. */
    public static byte[] next(byte[] previous, byte[] document) {
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(document);
        return sha256.digest();
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] digest(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** Lower-case hex of {@code hash}. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** The genesis hash, a fresh copy. */
    public static byte[] genesis() {
        return new byte[LENGTH];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
