package io.faasioflex.policy.dlp;

import java.util.Objects;

/**
 * One match of a detector: its finding type and where it lies in the body, as byte offsets. It holds no part
 * of the matched value; the offsets exist only so the value can be redacted, and are never logged, returned by
 * the API or audited.
 *
 * @param type the finding type the policy decides on, such as {@code card} or {@code cloud_key}
 * @param detector the detector that matched, such as {@code aws_access_key}
 * @param start offset of the first byte of the match
 * @param end offset just after the last byte of the match
 */
public record Finding(String type, String detector, int start, int end) {

    /** Rejects nulls and empty or inverted spans. */
    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("finding span [" + start + ", " + end + ") is empty or negative");
        }
    }

    /** Length of the match in bytes. */
    public int length() {
        return end - start;
    }
}
