package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import io.faasioflex.policy.WasmPolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard with the policy compiled to WebAssembly and evaluated in process. */
class WasmDlpGuardTest extends DlpGuardContract {

    @Override
    protected PolicyEngine createEngine() {
        return WasmPolicyEngine.bundled(Optional.empty(), 2, Duration.ofMillis(500));
    }

    @Test
    void appliesAnAdministratorsChangesToScannerAndPolicyAfterAReload(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), RulesDocuments.edited(dlp -> {}));

        try (var custom = WasmPolicyEngine.bundled(Optional.of(file), 1, Duration.ofMillis(500))) {
            var guard = DlpGuard.create(custom, Optional.of(file));
            var body = utf8("call +34 612 345 678");
            assertThat(guard.inspect(response("public"), body).action()).isEqualTo(DlpAction.ALLOW);

            Files.writeString(file, RulesDocuments.edited(dlp -> {
                ((ObjectNode) dlp.at("/policy/classifications/public")).put("phone", "block");
            }));
            custom.reloadData();
            guard.reloadRules();

            assertThat(guard.inspect(response("public"), body).action()).isEqualTo(DlpAction.BLOCK);
        }
    }

    @Test
    void keepsTheOldRulesWhenTheNewOnesAreBroken(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), RulesDocuments.edited(dlp -> {}));
        var guard = DlpGuard.create(engine(), Optional.of(file));

        Files.writeString(file, "{\"faas\": {}}");

        assertThatThrownBy(guard::reloadRules).isInstanceOf(PolicyUnavailableException.class);
        assertThat(guard.rules().detectorNames()).contains("card");
    }

    @Test
    void propagatesThatThePolicyCannotDecide() {
        var closed = WasmPolicyEngine.bundled(Optional.empty(), 1, Duration.ofMillis(500));
        var guard = new DlpGuard(closed, DlpRules.bundled());
        closed.close();

        assertThatThrownBy(() -> guard.inspect(response("public"), utf8("x")))
                .isInstanceOf(PolicyUnavailableException.class);
    }
}
