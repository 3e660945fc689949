package io.faasioflex.policy.dlp;

import java.util.Map;

/** Confirms a candidate a detector's pattern found, so only checked values become findings. */
@FunctionalInterface
interface Validator {

    /** Returned when the candidate is not what the detector looks for. */
    int REJECT = -1;

    /**
     * Checks the candidate {@code text[start, end)}.
     *
     * @return the end of the confirmed match, at most {@code end} (a validator may shorten a greedy match), or
     *     {@link #REJECT}
     */
    int accept(CharSequence text, int start, int end);

    /**
     * The validator the rules name.
     *
     * @param ibanLengths the length of an IBAN per country code, for {@code iban}
     * @throws IllegalArgumentException if no validator has that name
     */
    static Validator named(String name, Map<String, Integer> ibanLengths) {
        return switch (name) {
            case "none" -> (text, start, end) -> end;
            case "luhn" -> Validators::card;
            case "iban" -> (text, start, end) -> Validators.iban(text, start, ibanLengths);
            case "dni" -> Validators::dni;
            case "nie" -> Validators::nie;
            case "ssn" -> Validators::ssn;
            case "jwt" -> Validators::jwt;
            case "phone" -> Validators::phone;
            default ->
                throw new IllegalArgumentException(
                        "unknown validator '" + name + "'; known: none, luhn, iban, dni, nie, ssn, jwt, phone");
        };
    }
}
