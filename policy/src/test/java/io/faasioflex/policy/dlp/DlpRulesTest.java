package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faasioflex.policy.PolicyUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlpRulesTest {

    @Test
    void readsRulesFromAWholeDataDocumentFile(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), RulesDocuments.withDetectorDisabled("phone"));

        assertThat(DlpRules.fromPath(file).detectorNames())
                .doesNotContain("phone")
                .contains("email");
    }

    @Test
    void addsADetectorAnAdministratorWrote() {
        var document = RulesDocuments.edited(dlp -> ((ArrayNode) dlp.get("detectors"))
                .addObject()
                .put("name", "slack_token")
                .put("type", "secret")
                .put("enabled", true)
                .put("validator", "none")
                .putArray("patterns")
                .add("xox[bp]-[0-9]{10,13}-[0-9A-Za-z-]{10,40}"));

        var scan = new DlpScanner(DlpRules.fromDataDocument(document)).scan("t=xoxb-1234567890-abcdefghij".getBytes());

        assertThat(scan.findings()).extracting(Finding::detector).containsExactly("slack_token");
    }

    @Test
    void refusesAnInvalidPattern() {
        var document = RulesDocuments.edited(
                dlp -> ((ArrayNode) dlp.get("detectors").get(0).get("patterns")).add("(["));

        assertThatThrownBy(() -> DlpRules.fromDataDocument(document))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("detector 'private_key' has an invalid pattern");
    }

    @Test
    void refusesAnUnknownValidator() {
        var document =
                RulesDocuments.edited(dlp -> ((ObjectNode) dlp.get("detectors").get(1)).put("validator", "md5"));

        assertThatThrownBy(() -> DlpRules.fromDataDocument(document))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("unknown validator 'md5'");
    }

    @Test
    void refusesADetectorWithoutPatterns() {
        var document =
                RulesDocuments.edited(dlp -> ((ObjectNode) dlp.get("detectors").get(1)).putArray("patterns"));

        assertThatThrownBy(() -> DlpRules.fromDataDocument(document))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("detector 'jwt' has no patterns");
    }

    @Test
    void refusesMissingLimits() {
        var document = RulesDocuments.edited(dlp -> ((ObjectNode) dlp.get("scanner")).remove("max_scan_bytes"));

        assertThatThrownBy(() -> DlpRules.fromDataDocument(document))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("max_scan_bytes");
    }

    @Test
    void refusesADataDocumentWithoutDlpRules() {
        assertThatThrownBy(() -> DlpRules.fromDataDocument("{\"faas\": {\"rbac\": {}}}"))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("faas.dlp");
    }

    @Test
    void turnsTheEntropyDetectorOff() {
        var document = RulesDocuments.edited(dlp -> ((ObjectNode) dlp.get("entropy")).put("enabled", false));

        assertThat(DlpRules.fromDataDocument(document).detectorNames()).doesNotContain("high_entropy");
    }

    @Test
    void lowersTheEntropyThreshold() {
        var identifier = "AbstractSingletonProxyFactoryBeanImpl2".getBytes();
        var document = RulesDocuments.edited(dlp -> ((ObjectNode) dlp.get("entropy")).put("threshold", 4.0));

        assertThat(Detect.SCANNER.scan(identifier).findings()).isEmpty();
        assertThat(new DlpScanner(DlpRules.fromDataDocument(document))
                        .scan(identifier)
                        .counts())
                .containsEntry("secret", 1);
    }
}
