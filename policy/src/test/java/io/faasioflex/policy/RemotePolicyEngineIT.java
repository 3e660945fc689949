package io.faasioflex.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.policy.AccessRequest.Resource;
import io.faasioflex.policy.testing.OpaServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same decisions, asked of a real OPA server serving policy/rego and policy/data. */
class RemotePolicyEngineIT extends PolicyDecisionContract {

    private static final AccessRequest INVOKE =
            new AccessRequest("alice", List.of("invoker"), "function.invoke", Resource.function("default", "echo"));

    private OpaServerProcess opa;
    private RemotePolicyEngine engine;

    @BeforeAll
    void startServer() {
        opa = OpaServerProcess.start();
        engine = new RemotePolicyEngine(opa.url(), RemotePolicyEngine.DEFAULT_TIMEOUT);
    }

    @AfterAll
    void stopServer() {
        engine.close();
        opa.close();
    }

    @Override
    protected PolicyEngine engine() {
        return engine;
    }

    @Test
    void usesTheDecisionIdOfOpasDecisionLog() {
        var decision = engine.authorize(INVOKE);

        String decisionId = "\"decision_id\":\"" + decision.decisionId() + "\"";
        assertThat(opa.outputOnceItContains(decisionId, Duration.ofSeconds(5))).contains(decisionId);
    }

    @Test
    void failsClosedQuicklyOnceTheServerIsGone() {
        try (var server = OpaServerProcess.start();
                var remote = new RemotePolicyEngine(server.url(), Duration.ofMillis(500))) {
            assertThat(remote.authorize(INVOKE).allowed()).isTrue();

            server.stop();
            long started = System.nanoTime();

            assertThatThrownBy(() -> remote.authorize(INVOKE)).isInstanceOf(PolicyUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void failsClosedAfterClose() {
        var closed = new RemotePolicyEngine(opa.url(), Duration.ofMillis(500));
        closed.close();

        assertThatThrownBy(() -> closed.authorize(INVOKE)).isInstanceOf(PolicyUnavailableException.class);
    }
}
