package io.faasioflex.policy.dlp;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faasioflex.policy.PolicyData;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Variations of the bundled data document for tests, edited the way an administrator would edit it. */
final class RulesDocuments {

    private static final JsonMapper JSON = new JsonMapper();

    private RulesDocuments() {}

    /** {@code policy/data} of this module. */
    static Path policyDataDirectory() {
        return OpaServerProcess.policyDirectory().resolve("data");
    }

    /** The bundled document with the DLP part changed by {@code edit}. */
    static String edited(Consumer<ObjectNode> edit) {
        try {
            var document = (ObjectNode) JSON.readTree(PolicyData.bundled());
            edit.accept((ObjectNode) document.at("/faas/dlp"));
            return JSON.writeValueAsString(document);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String withScanner(boolean skipBinary, int maxScanBytes) {
        return edited(dlp ->
                ((ObjectNode) dlp.get("scanner")).put("skip_binary", skipBinary).put("max_scan_bytes", maxScanBytes));
    }

    static String withDetectorDisabled(String name) {
        return edited(dlp -> dlp.get("detectors").forEach(detector -> {
            if (detector.path("name").asText().equals(name)) {
                ((ObjectNode) detector).put("enabled", false);
            }
        }));
    }
}
