package io.faasioflex.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessControlIT {

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
        platform.register(developer, Functions.echo("guarded"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void requestWithoutTokenIsUnauthenticatedAndAudited() {
        ApiResponse response = platform.get("/functions", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(platform.json(response)).containsEntry("code", "unauthenticated");
        AuditEvent call = platform.auditEvent(response, "api.call");
        assertThat(call.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(call.actor().authMethod()).isEqualTo("none");
    }

    @Test
    void aCallerCannotTakeTheRequestIdOfAnotherRequest() {
        ApiResponse victim = platform.get("/functions", developer);
        String taken = victim.requestId();

        ApiResponse intruder = platform.call("GET", "/functions", developer, null, null, Map.of("X-Request-Id", taken));
        ApiResponse unsafe =
                platform.call("GET", "/functions", developer, null, null, Map.of("X-Request-Id", "../../etc/passwd"));

        assertThat(intruder.requestId()).isEqualTo("caller-" + taken);
        assertThat(platform.auditActions(victim)).containsOnlyOnce("api.call");
        assertThat(platform.auditActions(intruder)).contains("api.call");
        assertThat(unsafe.requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void namesAreCheckedBeforePolicySeesThemWhateverTheRole() {
        String invoker = platform.token("inv@example.com", "invoker");

        ApiResponse repeated = platform.get("/functions?namespace=default&namespace=other", developer);
        ApiResponse accented = platform.post("/functions/%C3%A9cho/invoke", invoker, new byte[0], "text/plain");
        ApiResponse accentedRead = platform.get("/functions/%C3%A9cho", invoker);

        assertThat(repeated.status()).isEqualTo(400);
        assertThat(platform.json(repeated)).containsEntry("code", "invalid_name");
        assertThat(accented.status()).isEqualTo(400);
        assertThat(accentedRead.status()).isEqualTo(400);
        assertThat(platform.auditActions(repeated)).containsExactly("api.call");
        assertThat(platform.auditActions(accented)).containsExactly("api.call");
    }

    @Test
    void expiredTokenIsRefused() {
        String expired = platform.identity().expiredToken("dev@example.com", "developer");

        assertThat(platform.get("/functions", expired).status()).isEqualTo(401);
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRefused() {
        String forged = platform.identity().forgedToken("admin@example.com", "admin");

        ApiResponse response = platform.get("/functions", forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(platform.auditEvent(response, "api.call").actor().subject()).isEmpty();
    }

    @Test
    void tokenThatIsNotAJwtIsRefused() {
        assertThat(platform.get("/functions", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void invokerMayInvokeButNotRegister() {
        String invoker = platform.token("svc@example.com", "invoker");

        ApiResponse invoked = platform.post(
                "/functions/guarded/invoke", invoker, "hi".getBytes(StandardCharsets.UTF_8), "text/plain");
        ApiResponse registered = platform.postJson("/functions", invoker, Functions.echo("sneaky"));

        assertThat(invoked.status()).isEqualTo(200);
        assertThat(registered.status()).isEqualTo(403);
        assertThat(platform.json(registered)).containsEntry("code", "forbidden");
        AuditEvent decision = platform.auditEvent(registered, "authz.decision");
        assertThat(decision.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(decision.decisionId()).isNotBlank();
        assertThat(platform.auditActions(registered)).doesNotContain("function.register");
        assertThat(platform.get("/functions/sneaky", developer).status()).isEqualTo(404);
    }

    @Test
    void auditorMayNotInvokeOrManageFunctions() {
        String auditor = platform.token("audit@example.com", "auditor");

        assertThat(platform.post("/functions/guarded/invoke", auditor, new byte[0], "text/plain")
                        .status())
                .isEqualTo(403);
        assertThat(platform.delete("/functions/guarded", auditor).status()).isEqualTo(403);
        assertThat(platform.get("/functions/guarded", developer).status()).isEqualTo(200);
    }

    @Test
    void fieldsReservedToAdministratorsAreRefusedToDevelopers() {
        String big = Functions.stdio("big", "[\"/bin/cat\"]", "\"maxInstances\": 12");
        String open = Functions.echo("open").replace("{", "{\"classification\": \"public\", ");

        ApiResponse tooBig = platform.postJson("/functions", developer, big);
        ApiResponse declassified = platform.postJson("/functions", developer, open);

        assertThat(tooBig.status()).isEqualTo(403);
        assertThat(platform.json(tooBig)).containsEntry("code", "field_forbidden");
        assertThat(platform.json(tooBig).get("message").toString()).contains("maxInstances above 10");
        assertThat(declassified.status()).isEqualTo(403);
        assertThat(platform.auditEvent(declassified, "spec.decision").decisionId())
                .isNotBlank();
        assertThat(platform.get("/functions/big", developer).status()).isEqualTo(404);
        assertThat(platform.postJson("/functions", platform.token("ops@example.com", "admin"), big)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void groupsFromTheTokenMapToRolesPerNamespaceThroughPolicyData() {
        String teamA = platform.identity().groupToken("carol@example.com", "team-a-developers");

        assertThat(platform.get("/functions?namespace=team-a", teamA).status()).isEqualTo(200);
        assertThat(platform.get("/functions?namespace=default", teamA).status()).isEqualTo(403);
        assertThat(platform.get("/functions", platform.identity().groupToken("dan@example.com", "strangers"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void tokenWithoutRolesIsForbidden() {
        String nobody = platform.token("nobody@example.com");

        assertThat(platform.get("/functions", nobody).status()).isEqualTo(403);
    }

    @Test
    void healthNeedsNoTokenAndReportsEachDependency() {
        ApiResponse response = platform.get("/health", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains("\"nats\"", "\"jetstream\"", "\"docker\"", "\"policy\"");
    }

    @Test
    void openApiDocumentIsServedToAuthenticatedCallers() {
        ApiResponse anonymous = platform.get("/openapi/faasioflex-0.1.yml", null);
        ApiResponse document = platform.get("/openapi/faasioflex-0.1.yml", developer);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.text()).contains("/functions/{name}/invoke", "/functions/execute");
        assertThat(document.text())
                .as("success codes, the error schema and both credentials are documented")
                .contains("\"201\":", "\"204\":", "\"4XX\":", "\"5XX\":", "ApiError:", "X-Api-Key");
    }
}
