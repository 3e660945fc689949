package io.faasioflex.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {

    @Test
    void defaultsToTheInProcessEngineWithAHalfSecondBound() {
        var config = new PolicyConfig(null, null, null, null);

        assertThat(config.engine()).isEqualTo(PolicyConfig.WASM);
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.remoteUrl()).isEmpty();
        assertThat(config.dataPath()).isEmpty();
    }

    @Test
    void rejectsAnUnknownEngine() {
        assertThatThrownBy(() -> new PolicyConfig("embedded", Optional.empty(), null, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'embedded'");
    }

    @Test
    void rejectsRemoteWithoutUrl() {
        assertThatThrownBy(() -> new PolicyConfig("remote", Optional.empty(), null, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remote-url");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> PolicyConfig.remote(URI.create("http://127.0.0.1:8181"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsTheEngineTheConfigurationSelects() {
        try (var wasm = PolicyEngines.create(PolicyConfig.wasm());
                var remote = PolicyEngines.create(PolicyConfig.remote(URI.create("http://127.0.0.1:8181"), null))) {
            assertThat(wasm).isInstanceOf(WasmPolicyEngine.class);
            assertThat(remote).isInstanceOf(RemotePolicyEngine.class);
        }
    }

    @Test
    void buildsThePolicyInputOfAnAccessRequest() {
        var request = new AccessRequest(
                "alice", List.of("developer"), "function.register", AccessRequest.Resource.function("team", "echo"));

        assertThat(request.toInput())
                .containsEntry("subject", "alice")
                .containsEntry("roles", List.of("developer"))
                .containsEntry("action", "function.register")
                .containsEntry("resource", Map.of("kind", "function", "namespace", "team", "name", "echo"));
    }
}
