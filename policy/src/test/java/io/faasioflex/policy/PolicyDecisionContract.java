package io.faasioflex.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasioflex.policy.AccessRequest.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decisions every policy engine must make for the RBAC policy; subclasses supply the engine. Run
 * against both engines, it proves they agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PolicyDecisionContract {

    private static final List<String> ACTIONS = List.of(
            "function.register",
            "function.update",
            "function.delete",
            "function.read",
            "function.invoke",
            "audit.read",
            "backup.restore");

    private static final Map<String, Set<String>> GRANTS = Map.of(
            "admin", Set.copyOf(ACTIONS),
            "developer",
                    Set.of(
                            "function.register",
                            "function.update",
                            "function.delete",
                            "function.read",
                            "function.invoke"),
            "invoker", Set.of("function.invoke"),
            "auditor", Set.of("audit.read"));

    /** The engine under test, shared by all tests of the class. */
    protected abstract PolicyEngine engine();

    static Stream<Arguments> everyRoleAndAction() {
        return GRANTS.keySet().stream()
                .sorted()
                .flatMap(role -> ACTIONS.stream()
                        .map(action ->
                                Arguments.of(role, action, GRANTS.get(role).contains(action))));
    }

    @ParameterizedTest(name = "{0} {1} -> allowed={2}")
    @MethodSource("everyRoleAndAction")
    void decidesEveryRoleAndAction(String role, String action, boolean expected) {
        var decision = engine().authorize(request(List.of(role), action));

        assertThat(decision.allowed()).isEqualTo(expected);
        assertThat(decision.reason())
                .isEqualTo(expected ? "role " + role + " grants " + action : "role " + role + " may not " + action);
    }

    @Test
    void deniesAnUnknownRole() {
        var decision = engine().authorize(request(List.of("superuser"), "function.invoke"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("unknown role superuser");
    }

    @Test
    void deniesASubjectWithoutRoles() {
        var decision = engine().authorize(request(List.of(), "function.invoke"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("subject has no roles");
    }

    @Test
    void deniesAnUnknownActionEvenToAdmin() {
        var decision = engine().authorize(request(List.of("admin"), "cluster.destroy"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("unknown action cluster.destroy");
    }

    @Test
    void allowsWhenAnyOfSeveralRolesGrants() {
        var decision = engine().authorize(request(List.of("auditor", "invoker"), "function.invoke"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason()).isEqualTo("role invoker grants function.invoke");
    }

    @Test
    void deniesWhenNoneOfSeveralRolesGrants() {
        var decision = engine().authorize(request(List.of("auditor", "invoker"), "function.delete"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("no role grants function.delete");
    }

    @Test
    void deniesAnEmptyInput() {
        var decision = engine().decide(PolicyEngine.AUTHZ_ENTRYPOINT, Map.of());

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("input.subject missing");
    }

    @Test
    void deniesRolesThatAreNotAList() {
        var input = Map.<String, Object>of("subject", "alice", "roles", "admin", "action", "function.read");

        var decision = engine().decide(PolicyEngine.AUTHZ_ENTRYPOINT, input);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("input.roles must be an array of role names");
    }

    @Test
    void keepsNonAsciiTextIntact() {
        var decision = engine().authorize(request(List.of("rôle-ü-✓"), "function.read"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("unknown role rôle-ü-✓");
    }

    @Test
    void returnsThePolicyResultObject() {
        var decision = engine().authorize(request(List.of("developer"), "function.register"));

        assertThat(decision.result())
                .containsEntry("allow", true)
                .containsEntry("reason", "role developer grants function.register");
    }

    @Test
    void givesEveryDecisionItsOwnId() {
        var first = engine().authorize(request(List.of("invoker"), "function.invoke"));
        var second = engine().authorize(request(List.of("invoker"), "function.invoke"));

        assertThat(first.decisionId()).isNotEqualTo(second.decisionId());
        assertThat(UUID.fromString(first.decisionId())).isNotNull();
        assertThat(UUID.fromString(second.decisionId())).isNotNull();
    }

    @Test
    void failsClosedOnAnEntrypointThePolicyDoesNotDefine() {
        assertThatThrownBy(() -> engine().decide("faas/nothing/here", Map.of()))
                .isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("faas/nothing/here");
    }

    @Test
    void rejectsAnEntrypointThatIsNotARulePath() {
        assertThatThrownBy(() -> engine().decide("faas/../authz?x=1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decidesConsistentlyUnderConcurrentCalls() throws Exception {
        var tasks = new ArrayList<Callable<Boolean>>();
        for (int i = 0; i < 400; i++) {
            var role = i % 2 == 0 ? "invoker" : "auditor";
            tasks.add(() -> engine().authorize(request(List.of(role), "function.invoke"))
                            .allowed()
                    == role.equals("invoker"));
        }

        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    private static AccessRequest request(List<String> roles, String action) {
        return new AccessRequest("alice", roles, action, Resource.function("default", "echo"));
    }
}
