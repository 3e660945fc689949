package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DlpScannerTest {

    private static final String CARD = "4929182736455011";

    @Test
    void countsFindingsByType() {
        var body = bytes("a@example.com, b@example.com, card " + CARD + ", X1234567L");

        var scan = Detect.SCANNER.scan(body);

        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETE);
        assertThat(scan.scannedBytes()).isEqualTo(body.length);
        assertThat(scan.counts())
                .containsExactly(
                        java.util.Map.entry("card", 1), java.util.Map.entry("email", 2), java.util.Map.entry("nie", 1));
    }

    @Test
    void findsNothingInOrdinaryText() {
        var body = bytes("{\"name\": \"echo\", \"version\": 3, \"at\": \"2024-05-01T10:00:00Z\", \"ok\": true}");

        assertThat(Detect.SCANNER.scan(body).findings()).isEmpty();
    }

    @Test
    void givesByteOffsetsAfterMultiByteCharacters() {
        var text = "¿Señor Muñoz? ✓ tarjeta " + CARD + " ñ";
        var body = bytes(text);

        var finding = Detect.SCANNER.scan(body).findings().getFirst();

        assertThat(new String(body, finding.start(), finding.length(), StandardCharsets.UTF_8))
                .isEqualTo(CARD);
        assertThat(finding.start()).isGreaterThan(text.indexOf(CARD));
    }

    @Test
    void treatsMultiByteCharactersAsSeparators() {
        assertThat(Detect.in("é" + CARD + "é")).containsExactly("card=" + CARD);
    }

    @Test
    void skipsABodyThatLooksBinary() {
        var body = bytes("\u0000\u0001PNG card " + CARD);

        var scan = Detect.SCANNER.scan(body);

        assertThat(scan.status()).isEqualTo(ScanStatus.BINARY);
        assertThat(scan.findings()).isEmpty();
    }

    @Test
    void takesTextWithAFewControlCharactersForText() {
        var body = bytes("\u001b[1mbold\u001b[0m\tcard " + CARD + "\r\n\u0007");

        assertThat(Detect.SCANNER.scan(body).status()).isEqualTo(ScanStatus.COMPLETE);
    }

    @Test
    void scansABinaryBodyWhenTheRulesSaySo() {
        var rules = DlpRules.fromDataDocument(RulesDocuments.withScanner(false, 1024));
        var body = bytes("\u0000\u0001 card " + CARD);

        var scan = new DlpScanner(rules).scan(body);

        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETE);
        assertThat(scan.counts()).containsEntry("card", 1);
    }

    @Test
    void scansOnlyUpToTheLimitAndSaysSo() {
        var rules = DlpRules.fromDataDocument(RulesDocuments.withScanner(true, 64));
        var body = bytes("card " + CARD + " " + "x".repeat(100) + " a@example.com");

        var scan = new DlpScanner(rules).scan(body);

        assertThat(scan.status()).isEqualTo(ScanStatus.TRUNCATED);
        assertThat(scan.scannedBytes()).isEqualTo(64);
        assertThat(scan.counts()).containsOnlyKeys("card");
    }

    @Test
    void scansAnEmptyBody() {
        var scan = Detect.SCANNER.scan(new byte[0]);

        assertThat(scan.status()).isEqualTo(ScanStatus.COMPLETE);
        assertThat(scan.findings()).isEmpty();
    }

    @Test
    void runsOnlyEnabledDetectors() {
        var rules = DlpRules.fromDataDocument(RulesDocuments.withDetectorDisabled("email"));

        var scan = new DlpScanner(rules).scan(bytes("a@example.com " + CARD));

        assertThat(scan.counts()).containsOnlyKeys("card");
        assertThat(rules.detectorNames()).doesNotContain("email").contains("card", "high_entropy");
    }

    @Test
    void ordersFindingsByPositionWithoutOverlaps() {
        var findings = Detect.SCANNER
                .scan(bytes("ES9121000418450200051332 a@example.com " + CARD + " 123-45-6789"))
                .findings();

        assertThat(findings).extracting(Finding::type).containsExactly("iban", "email", "card", "ssn");
        for (int i = 1; i < findings.size(); i++) {
            assertThat(findings.get(i).start())
                    .isGreaterThanOrEqualTo(findings.get(i - 1).end());
        }
    }

    @Test
    void loadsTheSameRulesFromTheBundleAndFromTheDataDirectory() {
        var fromDirectory = DlpRules.load(Optional.of(RulesDocuments.policyDataDirectory()));

        assertThat(fromDirectory.detectorNames()).isEqualTo(DlpRules.bundled().detectorNames());
        assertThat(fromDirectory.maxScanBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(DlpRules.load(Optional.empty()).detectorNames())
                .containsExactlyElementsOf(List.of(
                        "private_key",
                        "jwt",
                        "aws_access_key",
                        "gcp_api_key",
                        "azure_storage_key",
                        "iban",
                        "card",
                        "us_ssn",
                        "es_dni",
                        "es_nie",
                        "email",
                        "phone_international",
                        "phone_national",
                        "high_entropy"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
