package io.faasioflex.policy.dlp;

import java.util.regex.Pattern;

/**
 * The high-entropy secret detector: tokens of secret-like characters whose Shannon entropy, in bits per
 * character, exceeds a threshold.
 *
 * @param name the detector's name
 * @param type the finding type it reports, {@code secret} by default
 * @param tokens finds whole tokens between the minimum and maximum length
 * @param threshold bits per character a token must exceed
 */
record EntropyRule(String name, String type, Pattern tokens, double threshold) {

    /** Builds the token pattern from a character class body (such as {@code A-Za-z0-9+/}) and length bounds. */
    static Pattern tokenPattern(String tokenChars, int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException(
                    "entropy lengths must satisfy 1 <= min_length <= max_length, got " + minLength + ", " + maxLength);
        }
        var chars = "[" + tokenChars + "]";
        // Possessive, so a token longer than the maximum is skipped whole instead of being cut into pieces.
        return Pattern.compile(
                "(?<!" + chars + ")" + chars + "{" + minLength + "," + maxLength + "}+(?!" + chars + ")");
    }

    /** Shannon entropy of {@code text[start, end)} in bits per character; characters above 255 share a bucket. */
    static double entropy(CharSequence text, int start, int end, int[] counts) {
        java.util.Arrays.fill(counts, 0);
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
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }
}
