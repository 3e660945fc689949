package io.faasioflex.policy.dlp;

import java.util.Locale;

/** How much of a body the scanner read. Anything but complete reaches the policy as the type {@code unscanned}. */
public enum ScanStatus {
    /** Every byte was scanned. */
    COMPLETE,
    /** The body was longer than the rules' {@code max_scan_bytes}; only its beginning was scanned. */
    TRUNCATED,
    /** The body looked binary and the rules say to skip such bodies; nothing was scanned. */
    BINARY;

    /** The name the policy sees: {@code complete}, {@code truncated} or {@code binary}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
