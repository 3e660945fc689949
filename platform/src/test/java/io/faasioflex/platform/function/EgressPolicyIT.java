package io.faasioflex.platform.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Egress is opt-in and decided by OPA at registration; the decision is audited and an allowed function's containers
 * join the egress network. Only the engine's view of the container is checked: no test sends traffic anywhere.
 */
class EgressPolicyIT {

    private static final String ALLOWED_NAMESPACE = "integrations";

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void egressInAnAllowedNamespaceJoinsTheEgressNetworkAndIsAudited() {
        ApiResponse registered = platform.postJson("/functions", developer, egress("outbound", ALLOWED_NAMESPACE, ""));

        assertThat(registered.status()).isEqualTo(201);
        AuditEvent decision = platform.auditEvent(registered, "egress.decision");
        assertThat(decision.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(decision.decisionId()).isNotBlank();
        assertThat(decision.details()).containsEntry("egress", "true");
        assertThat(invoke("outbound", ALLOWED_NAMESPACE)).isEqualTo(200);
        assertThat(networkModes(ALLOWED_NAMESPACE + "/outbound")).containsOnly("bridge");
    }

    @Test
    void functionThatDoesNotAskForEgressHasNoNetwork() {
        ApiResponse registered = platform.postJson("/functions", developer, Functions.echo("isolated"));

        assertThat(registered.status()).isEqualTo(201);
        assertThat(platform.auditActions(registered)).doesNotContain("egress.decision");
        assertThat(invoke("isolated", "default")).isEqualTo(200);
        assertThat(networkModes("default/isolated")).containsOnly("none");
    }

    @Test
    void restrictedDataNeverGetsEgress() {
        String body = egress("leaky", ALLOWED_NAMESPACE, ", \"classification\": \"restricted\"");

        ApiResponse refused = platform.postJson("/functions", developer, body);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(platform.json(refused)).containsEntry("code", "egress_denied");
        assertThat(platform.json(refused).get("message").toString()).contains("classified restricted");
        assertThat(platform.auditEvent(refused, "egress.decision").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(platform.get("/functions/leaky?namespace=" + ALLOWED_NAMESPACE, developer)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void egressOutsideTheAllowedNamespacesIsRefused() {
        ApiResponse refused = platform.postJson("/functions", developer, egress("wanderer", "default", ""));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(platform.json(refused).get("message").toString()).contains("not allowed egress");
    }

    private static String egress(String name, String namespace, String extra) {
        String limits = "\"namespace\": \"%s\", \"egress\": true%s".formatted(namespace, extra);
        return Functions.stdio(name, "[\"/bin/cat\"]", limits);
    }

    private static int invoke(String name, String namespace) {
        String path = "/functions/" + name + "/invoke?namespace=" + namespace;
        return platform.post(path, developer, "quiet".getBytes(), "text/plain").status();
    }

    private static List<String> networkModes(String function) {
        DockerClient docker = platform.context().getBean(DockerClient.class);
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of("faasioflex.function", function))
                .exec();
        assertThat(containers).isNotEmpty();
        return containers.stream()
                .map(c -> docker.inspectContainerCmd(c.getId())
                        .exec()
                        .getHostConfig()
                        .getNetworkMode())
                .toList();
    }
}
