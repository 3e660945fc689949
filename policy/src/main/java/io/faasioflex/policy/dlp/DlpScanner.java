package io.faasioflex.policy.dlp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Finds sensitive data in a body with the detectors of its {@link DlpRules}, in their order, then the entropy
 * detector. A match overlapping an earlier finding is dropped, so a card number inside a private key counts once,
 * as a private key.
 *
 * <p>The body is read as one character per byte (ISO-8859-1): patterns are ASCII, so UTF-8 text matches as
 * expected, any byte sequence can be scanned, and match offsets are byte offsets that redaction can use as they
 * are. Multi-byte UTF-8 characters never match a pattern character and act as separators.
 *
 * <p>Immutable and safe for concurrent use; a new set of rules needs a new scanner.
 *
 * <p>TODO: matches are searched for in text as it appears in the body; values split by escapes or encodings
 * (JSON {@code \u0034}, URL or base64 encoding, compressed bodies) are not decoded first and so not found.
 */
public final class DlpScanner {

    private final DlpRules rules;

    /** Creates a scanner for a set of rules. */
    public DlpScanner(DlpRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The rules this scanner applies. */
    public DlpRules rules() {
        return rules;
    }

    /**
     * Scans a body. A body that looks binary is skipped when the rules say so; a body longer than the rules'
     * maximum is scanned up to it. The returned status says which happened.
     */
    public DlpScan scan(byte[] body) {
        Objects.requireNonNull(body, "body");
        var limits = rules.limits();
        if (limits.skipBinary() && limits.looksBinary(body)) {
            return new DlpScan(ScanStatus.BINARY, 0, List.of());
        }

        int scanned = Math.min(body.length, limits.maxScanBytes());
        var text = new String(body, 0, scanned, StandardCharsets.ISO_8859_1);
        var found = new Spans();
        for (var detector : rules.detectors()) {
            detect(detector, text, found);
        }
        rules.entropy().ifPresent(rule -> detectSecrets(rule, text, found));

        var status = scanned < body.length ? ScanStatus.TRUNCATED : ScanStatus.COMPLETE;
        return new DlpScan(status, scanned, found.inOrder());
    }

    private static void detect(Detector detector, String text, Spans found) {
        for (var pattern : detector.patterns()) {
            var matcher = pattern.matcher(text);
            boolean narrowed = pattern.namedGroups().containsKey(Detector.VALUE_GROUP);
            while (matcher.find()) {
                int start = narrowed ? matcher.start(Detector.VALUE_GROUP) : matcher.start();
                int end = narrowed ? matcher.end(Detector.VALUE_GROUP) : matcher.end();
                if (start < 0 || start == end) {
                    continue;
                }
                int accepted = detector.validator().accept(text, start, end);
                if (accepted > start) {
                    found.addIfFree(new Finding(detector.type(), detector.name(), start, accepted));
                }
            }
        }
    }

    private static void detectSecrets(EntropyRule rule, String text, Spans found) {
        var counts = new int[256];
        Matcher matcher = rule.tokens().matcher(text);
        while (matcher.find()) {
            int start = matcher.start();
            int end = matcher.end();
            if (!found.overlaps(start, end)
                    && EntropyRule.hasLettersAndDigits(text, start, end)
                    && EntropyRule.entropy(text, start, end, counts) > rule.threshold()) {
                found.addIfFree(new Finding(rule.type(), rule.name(), start, end));
            }
        }
    }

    /** Findings by start offset, none overlapping another. */
    private static final class Spans {

        private final TreeMap<Integer, Finding> byStart = new TreeMap<>();

        boolean overlaps(int start, int end) {
            Map.Entry<Integer, Finding> before = byStart.floorEntry(end - 1);
            return before != null && before.getValue().end() > start;
        }

        void addIfFree(Finding finding) {
            if (!overlaps(finding.start(), finding.end())) {
                byStart.put(finding.start(), finding);
            }
        }

        List<Finding> inOrder() {
            return new ArrayList<>(byStart.values());
        }
    }
}
