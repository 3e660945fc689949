package io.faasioflex.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.policy.AccessRequest.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled WebAssembly policy evaluated in process, with its failure modes. */
class WasmPolicyEngineTest extends PolicyDecisionContract {

    private static final String INVOKER_MAY_READ = """
            {"faas": {"rbac": {
              "actions": ["function.invoke", "function.read"],
              "roles": {"invoker": {"actions": ["function.invoke", "function.read"]}}
            }}}
            """;

    private WasmPolicyEngine engine;

    @BeforeAll
    void startEngine() {
        engine = WasmPolicyEngine.bundled();
    }

    @AfterAll
    void closeEngine() {
        engine.close();
    }

    @Override
    protected PolicyEngine engine() {
        return engine;
    }

    @Test
    void failsAtConstructionOnACorruptModule() {
        var corrupt = "not a wasm module".getBytes();

        assertThatThrownBy(() -> new WasmPolicyEngine(corrupt, PolicyData::bundled, 1, Duration.ofMillis(100)))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("policy module cannot be loaded");
    }

    @Test
    void failsAtConstructionWhenTheDataFileIsMissing(@TempDir Path dir) {
        var missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> WasmPolicyEngine.bundled(missing))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void failsAtConstructionWhenTheDataIsNotAnObject(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), "[1, 2]");

        assertThatThrownBy(() -> WasmPolicyEngine.bundled(file))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void readsDataFromAFileInsteadOfTheJar(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("roles.json"), INVOKER_MAY_READ);

        try (var custom = WasmPolicyEngine.bundled(file)) {
            assertThat(custom.authorize(invoker("function.read")).allowed()).isTrue();
        }
    }

    @Test
    void readsDataFromADirectoryLaidOutLikeOpaDoes(@TempDir Path dir) throws IOException {
        var rbac = Files.createDirectories(dir.resolve("faas/rbac"));
        Files.writeString(rbac.resolve("data.json"), "{\"actions\": [\"function.invoke\", \"function.read\"]}");
        Files.writeString(rbac.resolve("roles.json"), "{\"roles\": {\"invoker\": {\"actions\": [\"function.read\"]}}}");

        try (var custom = WasmPolicyEngine.bundled(dir)) {
            assertThat(custom.authorize(invoker("function.read")).allowed()).isTrue();
            assertThat(custom.authorize(invoker("function.invoke")).allowed()).isFalse();
        }
    }

    @Test
    void failsWhenTwoDataFilesSetTheSameKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\"faas\": {\"rbac\": {\"actions\": []}}}");
        Files.writeString(dir.resolve("b.json"), "{\"faas\": {\"rbac\": {\"actions\": [\"x\"]}}}");

        assertThatThrownBy(() -> WasmPolicyEngine.bundled(dir))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("redefines key 'actions'");
    }

    @Test
    void reloadsChangedDataWithoutRestart(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), PolicyData.bundled());

        try (var custom = WasmPolicyEngine.bundled(Optional.of(file), 2, Duration.ofMillis(500))) {
            assertThat(custom.authorize(invoker("function.read")).allowed()).isFalse();

            Files.writeString(file, INVOKER_MAY_READ);
            custom.reloadData();

            assertThat(custom.authorize(invoker("function.read")).allowed()).isTrue();
        }
    }

    @Test
    void keepsTheOldDataWhenTheNewDataIsBroken(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("data.json"), PolicyData.bundled());

        try (var custom = WasmPolicyEngine.bundled(file)) {
            Files.writeString(file, "{broken");

            assertThatThrownBy(custom::reloadData).isInstanceOf(PolicyUnavailableException.class);
            assertThat(custom.authorize(invoker("function.invoke")).allowed()).isTrue();
        }
    }

    @Test
    void failsClosedAfterClose() {
        var closed = WasmPolicyEngine.bundled();
        closed.close();

        assertThatThrownBy(() -> closed.authorize(invoker("function.invoke")))
                .isInstanceOf(PolicyUnavailableException.class);
    }

    @Test
    void listsTheCompiledEntrypointWhenAskedForAnother() {
        assertThatThrownBy(() -> engine.decide("faas/nothing/here", Map.of()))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining(PolicyEngine.AUTHZ_ENTRYPOINT)
                .hasMessageContaining(PolicyEngine.DLP_ENTRYPOINT);
    }

    private static AccessRequest invoker(String action) {
        return new AccessRequest("bob", List.of("invoker"), action, Resource.function("default", "echo"));
    }
}
