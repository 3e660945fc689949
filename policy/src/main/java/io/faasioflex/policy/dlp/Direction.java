package io.faasioflex.policy.dlp;

import java.util.Locale;

/** Which body of an invocation is inspected. */
public enum Direction {
    /** The caller's body, on its way to the function. */
    REQUEST,
    /** The function's body, on its way back to the caller. */
    RESPONSE;

    /** The name the policy sees: {@code request} or {@code response}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
