package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void replacesEachValueWithTheMarkerOfItsType() {
        var body = utf8("{\"card\": \"4929 1827 3645 5011\", \"mail\": \"a@example.com\"}");

        var redacted = Redactor.redact(body, Detect.SCANNER.scan(body).findings());

        assertThat(new String(redacted, StandardCharsets.UTF_8))
                .isEqualTo("{\"card\": \"[REDACTED:card]\", \"mail\": \"[REDACTED:email]\"}");
    }

    @Test
    void keepsEveryOtherByteExactlyIncludingInvalidUtf8() {
        var prefix = new byte[] {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, (byte) 0xb1, ' '};
        var suffix = new byte[] {' ', (byte) 0xe2, (byte) 0x9c, (byte) 0x93, (byte) 0x80, '\r', '\n'};
        var body = concat(prefix, utf8("4929182736455011"), suffix);

        var redacted = Redactor.redact(body, Detect.SCANNER.scan(body).findings());

        assertThat(redacted).isEqualTo(concat(prefix, utf8("[REDACTED:card]"), suffix));
    }

    @Test
    void redactsOnlyTheTypesItIsGiven() {
        var body = utf8("a@example.com 4929182736455011 123-45-6789");

        var redacted = Redactor.redact(body, Detect.SCANNER.scan(body).findings(), Set.of("card", "ssn"));

        assertThat(new String(redacted, StandardCharsets.UTF_8))
                .isEqualTo("a@example.com [REDACTED:card] [REDACTED:ssn]");
    }

    @Test
    void returnsTheBodyItselfWhenNothingMatches() {
        var body = utf8("nothing to see");

        assertThat(Redactor.redact(body, List.of())).isSameAs(body);
        assertThat(Redactor.redact(body, List.of(new Finding("card", "card", 0, 4)), Set.of("email")))
                .isSameAs(body);
    }

    @Test
    void keepsEveryByteBetweenFindingsOfARandomBinaryBody() {
        var body = new byte[256 * 1024];
        new Random(11).nextBytes(body);
        var scanner = new DlpScanner(DlpRules.fromDataDocument(RulesDocuments.withScanner(false, 1 << 20)));
        var findings = scanner.scan(body).findings();

        var redacted = Redactor.redact(body, findings);

        int from = 0;
        int at = 0;
        for (var finding : findings) {
            int gap = finding.start() - from;
            assertThat(Arrays.equals(body, from, finding.start(), redacted, at, at + gap))
                    .isTrue();
            var marker = Redactor.marker(finding.type()).getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.copyOfRange(redacted, at + gap, at + gap + marker.length))
                    .isEqualTo(marker);
            at += gap + marker.length;
            from = finding.end();
        }
        assertThat(Arrays.equals(body, from, body.length, redacted, at, redacted.length))
                .isTrue();
    }

    @Test
    void replacesOverlappingSpansOnce() {
        var body = utf8("0123456789");
        var findings = List.of(new Finding("a", "a", 1, 5), new Finding("b", "b", 3, 7));

        assertThat(new String(Redactor.redact(body, findings), StandardCharsets.UTF_8))
                .isEqualTo("0[REDACTED:a]789");
    }

    @Test
    void refusesAFindingOutsideTheBody() {
        var findings = List.of(new Finding("card", "card", 2, 40));

        assertThatThrownBy(() -> Redactor.redact(utf8("short"), findings)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
