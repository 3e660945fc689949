package io.faasioflex.policy.dlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/** The checks behind {@link Validator#named}: checksums, check letters and structure. */
final class Validators {

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final JsonMapper JSON = new JsonMapper();

    private Validators() {}

    /**
     * A payment card number: 13 to 19 digits passing the Luhn check. A candidate that fails is shortened at its
     * last separator and tried again, so a card followed by another group of digits is still found.
     */
    static int card(CharSequence text, int start, int end) {
        int candidateEnd = end;
        while (candidateEnd > start) {
            int digits = countDigits(text, start, candidateEnd);
            if (digits >= 13 && digits <= 19 && luhn(text, start, candidateEnd)) {
                return candidateEnd;
            }
            candidateEnd = lastSeparator(text, start, candidateEnd);
        }
        return Validator.REJECT;
    }

    static boolean luhn(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                int digit = c - '0';
                if (doubled) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
                doubled = !doubled;
            }
        }
        return sum % 10 == 0;
    }

    /**
     * An IBAN: a known country code, exactly that country's length of letters and digits (single spaces between
     * them allowed), not followed by another letter or digit, and the ISO 7064 mod-97 check equal to 1.
     */
    static int iban(CharSequence text, int start, Map<String, Integer> lengths) {
        var length = lengths.get(
                text.subSequence(start, Math.min(start + 2, text.length())).toString());
        if (length == null) {
            return Validator.REJECT;
        }
        var compact = new StringBuilder(length);
        int i = start;
        for (; i < text.length() && compact.length() < length; i++) {
            char c = text.charAt(i);
            if (isAlphanumeric(c)) {
                compact.append(c);
            } else if (c != ' ' || i + 1 >= text.length() || !isAlphanumeric(text.charAt(i + 1))) {
                break;
            }
        }
        boolean complete = compact.length() == length && (i >= text.length() || !isWordChar(text.charAt(i)));
        return complete && mod97(compact) == 1 ? i : Validator.REJECT;
    }

    /** The ISO 7064 remainder of an IBAN: the first four characters moved to the end, letters as 10 to 35. */
    static int mod97(CharSequence iban) {
        var rearranged = iban.subSequence(4, iban.length()).toString() + iban.subSequence(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
        }
        return remainder;
    }

    /** A Spanish DNI: eight digits and the check letter of their value modulo 23. */
    static int dni(CharSequence text, int start, int end) {
        return checkLetter(text, start, end, 0) ? end : Validator.REJECT;
    }

    /** A Spanish NIE: X, Y or Z (standing for 0, 1, 2), seven digits, and the DNI check letter of that number. */
    static int nie(CharSequence text, int start, int end) {
        int prefix = "XYZ".indexOf(Character.toUpperCase(text.charAt(start)));
        return prefix >= 0 && checkLetter(text, start + 1, end, prefix) ? end : Validator.REJECT;
    }

    private static boolean checkLetter(CharSequence text, int start, int end, int prefix) {
        long number = prefix;
        for (int i = start; i < end - 1; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                number = number * 10 + (c - '0');
            }
        }
        return Character.toUpperCase(text.charAt(end - 1)) == DNI_LETTERS.charAt((int) (number % 23));
    }

    /**
     * A US social security number {@code AAA-GG-SSSS}: area not 000, 666 or 900-999, group not 00, serial not
     * 0000.
     */
    static int ssn(CharSequence text, int start, int end) {
        int area = number(text, start, start + 3);
        int group = number(text, start + 4, start + 6);
        int serial = number(text, start + 7, end);
        boolean valid = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        return valid ? end : Validator.REJECT;
    }

    /** A JSON Web Token: a header that decodes to a JSON object naming its {@code alg}, and a JSON payload. */
    static int jwt(CharSequence text, int start, int end) {
        var token = text.subSequence(start, end).toString();
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (firstDot < 0 || secondDot < 0) {
            return Validator.REJECT;
        }
        var header = decodeJson(token.substring(0, firstDot));
        var payload = decodeJson(token.substring(firstDot + 1, secondDot));
        boolean valid = header != null && header.path("alg").isTextual() && payload != null && payload.isObject();
        return valid ? end : Validator.REJECT;
    }

    /**
     * A phone number: between 8 and 15 digits, the most E.164 allows.
     *
     * <p>TODO: the bundled patterns know national formats of Spain and North America only; numbers of other
     * countries are found when written with their international prefix.
     */
    static int phone(CharSequence text, int start, int end) {
        int digits = countDigits(text, start, end);
        return digits >= 8 && digits <= 15 ? end : Validator.REJECT;
    }

    private static JsonNode decodeJson(String segment) {
        try {
            var node = JSON.readTree(Base64.getUrlDecoder().decode(segment));
            return node != null && node.isObject() ? node : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static int lastSeparator(CharSequence text, int start, int end) {
        for (int i = end - 1; i > start; i--) {
            if (!isDigit(text.charAt(i))) {
                return i;
            }
        }
        return start;
    }

    private static int countDigits(CharSequence text, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            if (isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static int number(CharSequence text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return isAlphanumeric(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isAlphanumeric(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'Z');
    }
}
