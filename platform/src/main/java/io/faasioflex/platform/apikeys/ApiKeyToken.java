package io.faasioflex.platform.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential a caller presents, {@code ffx_<id>_<secret>}: a public id (12 random bytes, hex) that finds the
 * key, and a secret (32 random bytes, Base64url) that proves it. Only a hash of the secret is stored; with 256 random
 * bits a plain SHA-256 cannot be inverted or guessed, so no slow password hash is needed. {@link #toString()} never
 * shows the secret.
 *
 * @param id the key's public identifier
 * @param secret the key's secret, known to its holder only
 */
record ApiKeyToken(String id, String secret) {

    static final String PREFIX = "ffx_";
    private static final int ID_BYTES = 12;
    private static final int SECRET_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("ffx_([0-9a-f]{24})_([A-Za-z0-9_-]{43})");
    // Binds the hash to this scheme and to the key's id, so a hash copied to another key id never matches.
    private static final String HASH_CONTEXT = "faasioflex-apikey-v1:";

    /** A fresh key from {@code random}. */
    static ApiKeyToken generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new ApiKeyToken(
                HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key in {@code presented}; empty unless it has exactly the issued form. */
    static Optional<ApiKeyToken> parse(String presented) {
        Matcher matcher = FORMAT.matcher(presented.strip());
        return matcher.matches() ? Optional.of(new ApiKeyToken(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The whole key, as handed to its holder once. */
    String value() {
        return PREFIX + id + "_" + secret;
    }

    /** The stored form of the secret: SHA-256 over the id and the secret, Base64. */
    String hash() {
        return Base64.getEncoder().encodeToString(digest());
    }

    /** Whether this key's secret is the one {@code storedHash} was made from; constant time in the secret. */
    boolean matches(String storedHash) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(digest(), expected);
    }

    @Override
    public String toString() {
        return "ApiKeyToken[id=" + id + ", secret=<hidden>]";
    }

    private byte[] digest() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return sha256.digest((HASH_CONTEXT + id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
