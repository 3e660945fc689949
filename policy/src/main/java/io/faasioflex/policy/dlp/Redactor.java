package io.faasioflex.policy.dlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces matched values in a body with a marker naming their type, {@code [REDACTED:card]}, and leaves every
 * other byte exactly as it was.
 */
public final class Redactor {

    private Redactor() {}

    /** The marker that replaces a value of a finding type. */
    public static String marker(String type) {
        return "[REDACTED:" + type + "]";
    }

    /**
     * Redacts every finding.
     *
     * @return a new array, or {@code body} itself when there is nothing to replace
     */
    public static byte[] redact(byte[] body, List<Finding> findings) {
        return redact(body, findings, findings.stream().map(Finding::type).toList());
    }

    /**
     * Redacts the findings of the given types; findings of other types stay in the body.
     *
     * @param findings spans within the body, as a {@link DlpScanner} reports them; overlapping spans are replaced
     *     once, by the marker of the first
     * @return a new array, or {@code body} itself when there is nothing to replace
     * @throws IllegalArgumentException if a finding lies outside the body
     */
    public static byte[] redact(byte[] body, List<Finding> findings, Collection<String> types) {
        Objects.requireNonNull(body, "body");
        var wanted = Set.copyOf(types);
        var spans = findings.stream()
                .filter(finding -> wanted.contains(finding.type()))
                .sorted(Comparator.comparingInt(Finding::start))
                .toList();
        if (spans.isEmpty()) {
            return body;
        }

        var out = new ByteArrayOutputStream(body.length);
        int position = 0;
        for (var finding : spans) {
            if (finding.end() > body.length) {
                throw new IllegalArgumentException("finding [" + finding.start() + ", " + finding.end()
                        + ") lies outside the body of " + body.length + " bytes");
            }
            if (finding.start() < position) {
                position = Math.max(position, finding.end());
                continue;
            }
            out.write(body, position, finding.start() - position);
            out.writeBytes(marker(finding.type()).getBytes(StandardCharsets.UTF_8));
            position = finding.end();
        }
        out.write(body, position, body.length - position);
        return out.toByteArray();
    }
}
