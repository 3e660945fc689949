package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.policy.PolicyEngine;
import io.faasioflex.policy.PolicyUnavailableException;
import io.faasioflex.policy.RemotePolicyEngine;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The guard asking a real OPA server that serves policy/rego and policy/data. */
class RemoteDlpGuardIT extends DlpGuardContract {

    private OpaServerProcess opa;

    @Override
    protected PolicyEngine createEngine() {
        opa = OpaServerProcess.start();
        return new RemotePolicyEngine(opa.url(), Duration.ofSeconds(2));
    }

    @AfterAll
    void stopServer() {
        opa.close();
    }

    @Test
    void recordsTheDecisionInOpasDecisionLogWithoutTheValues() {
        var result = new DlpGuard(engine(), DlpRules.bundled()).inspect(response("restricted"), utf8("card " + CARD));

        assertThat(result.blocked()).isTrue();
        String decisionId = "\"decision_id\":\"" + result.decisionId() + "\"";
        assertThat(opa.outputOnceItContains(decisionId, Duration.ofSeconds(5)))
                .contains(decisionId)
                .contains("\"path\":\"faas/dlp/decision\"")
                .doesNotContain("4929");
    }

    @Test
    void failsClosedWhenTheServerIsGone() {
        try (var server = OpaServerProcess.start();
                var remote = new RemotePolicyEngine(server.url(), Duration.ofMillis(500))) {
            var guard = new DlpGuard(remote, DlpRules.bundled());
            server.stop();

            assertThatThrownBy(() -> guard.inspect(request("public"), utf8("x")))
                    .isInstanceOf(PolicyUnavailableException.class);
        }
    }
}
