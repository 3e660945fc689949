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
 * <p>Patterns are searched only in the windows their detector's {@link Trigger} marks, which keeps ordinary bodies
 * fast (about 200 MB/s for JSON on one core). TODO: a body made almost entirely of long numbers puts every
 * numeric detector's window over the whole body and scanning drops to about 6 MB/s (some 175 ms per MB); trying
 * numeric patterns only where a digit run starts, instead of at every position of a window, would remove that
 * worst case. Until then the rules' {@code max_scan_bytes} bounds the cost of one body.
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
        var runs = DigitRuns.of(body, scanned);
        for (var detector : rules.detectors()) {
            detect(detector, text, detector.trigger().windows(text, runs), found);
        }
        rules.entropy().ifPresent(rule -> detectSecrets(rule, body, text, found));

        var status = scanned < body.length ? ScanStatus.TRUNCATED : ScanStatus.COMPLETE;
        return new DlpScan(status, scanned, found.inOrder());
    }

    private static void detect(Detector detector, String text, int[] windows, Spans found) {
        for (var pattern : detector.patterns()) {
            // Transparent bounds: boundary look-arounds see past the window, as they would over the whole body.
            var matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            boolean narrowed = pattern.namedGroups().containsKey(Detector.VALUE_GROUP);
            for (int w = 0; w < windows.length; w += 2) {
                matcher.region(windows[w], windows[w + 1]);
                while (matcher.find()) {
                    accept(detector, text, matcher, narrowed, found);
                }
            }
        }
    }

    private static void accept(Detector detector, String text, Matcher matcher, boolean narrowed, Spans found) {
        int start = narrowed ? matcher.start(Detector.VALUE_GROUP) : matcher.start();
        int end = narrowed ? matcher.end(Detector.VALUE_GROUP) : matcher.end();
        if (start < 0 || start == end) {
            return;
        }
        int accepted = detector.validator().accept(text, start, end);
        if (accepted > start) {
            found.addIfFree(new Finding(detector.type(), detector.name(), start, accepted));
        }
    }

    /** Walks the body's bytes rather than the text: this detector looks at every byte and is the hottest loop. */
    private static void detectSecrets(EntropyRule rule, byte[] body, String text, Spans found) {
        var counts = new int[256];
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!rule.isTokenByte(body[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && rule.isTokenByte(body[i])) {
                i++;
            }
            if (rule.isSecret(text, start, i, counts) && !found.overlaps(start, i)) {
                found.addIfFree(new Finding(rule.type(), rule.name(), start, i));
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
