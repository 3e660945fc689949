package io.faasioflex.policy.dlp;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the scanner found in one body.
 *
 * @param status how much of the body was read
 * @param scannedBytes how many bytes from the start of the body were scanned
 * @param findings the matches, ordered by position and never overlapping
 */
public record DlpScan(ScanStatus status, int scannedBytes, List<Finding> findings) {

    /** Copies the findings. */
    public DlpScan {
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
    }

    /** Finding types and how often each matched, ordered by type: what the policy and the audit log see. */
    public Map<String, Integer> counts() {
        var counts = new TreeMap<String, Integer>();
        for (var finding : findings) {
            counts.merge(finding.type(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }
}
