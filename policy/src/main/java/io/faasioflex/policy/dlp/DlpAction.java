package io.faasioflex.policy.dlp;

import java.util.Locale;

/** What the DLP policy decided to do with a body. */
public enum DlpAction {
    /** Pass the body on unchanged. */
    ALLOW,
    /** Pass the body on unchanged and raise an alert. */
    ALERT,
    /** Pass the body on with the matched values replaced. */
    REDACT,
    /** Refuse the body (403 with the finding types, never the values). */
    BLOCK;

    /** The action a policy named; anything unknown, missing or malformed is {@link #BLOCK}. */
    static DlpAction fromPolicy(Object name) {
        if (name instanceof String text) {
            for (var action : values()) {
                if (action.name().equals(text.toUpperCase(Locale.ROOT))) {
                    return action;
                }
            }
        }
        return BLOCK;
    }
}
