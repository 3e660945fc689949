package io.faasioflex.policy.dlp;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The high-entropy secret detector: tokens of secret-like characters, between a minimum and a maximum length, that
 * mix letters and digits and whose Shannon entropy, in bits per character, exceeds a threshold. Tokens longer than
 * the maximum (embedded images, encoded files) are skipped whole.
 *
 * @param name the detector's name
 * @param type the finding type it reports, {@code secret} by default
 * @param tokenChars which of the 256 byte values belong to a token
 * @param minLength shortest token considered
 * @param maxLength longest token considered
 * @param threshold bits per character a token must exceed
 */
record EntropyRule(String name, String type, boolean[] tokenChars, int minLength, int maxLength, double threshold) {

    EntropyRule {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException(
                    "entropy lengths must satisfy 1 <= min_length <= max_length, got " + minLength + ", " + maxLength);
        }
        tokenChars = tokenChars.clone();
    }

    /** The byte values matching a regular expression character class body such as {@code A-Za-z0-9+/}. */
    static boolean[] charClass(String body) {
        var pattern = Pattern.compile("[" + body + "]");
        var members = new boolean[256];
        for (int c = 0; c < members.length; c++) {
            members[c] = pattern.matcher(String.valueOf((char) c)).matches();
        }
        return members;
    }

    boolean isTokenByte(byte b) {
        return tokenChars[b & 0xff];
    }

    /** Whether {@code text[start, end)} is long enough, short enough, mixed and random-looking enough. */
    boolean isSecret(CharSequence text, int start, int end, int[] counts) {
        int length = end - start;
        return length >= minLength
                && length <= maxLength
                && hasLettersAndDigits(text, start, end)
                && entropy(text, start, end, counts) > threshold;
    }

    /** Shannon entropy of {@code text[start, end)} in bits per character; characters above 255 share a bucket. */
    static double entropy(CharSequence text, int start, int end, int[] counts) {
        Arrays.fill(counts, 0);
        for (int i = start; i < end; i++) {
            counts[Math.min(text.charAt(i), 255)]++;
        }
        double length = end - start;
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / length;
                bits -= p * Math.log(p);
            }
        }
        return bits / Math.log(2);
    }

    /** Whether a token mixes letters and digits; words and numbers alone are not secrets. */
    static boolean hasLettersAndDigits(CharSequence text, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < end && !(letter && digit); i++) {
            char c = text.charAt(i);
            letter |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            digit |= c >= '0' && c <= '9';
        }
        return letter && digit;
    }
}
