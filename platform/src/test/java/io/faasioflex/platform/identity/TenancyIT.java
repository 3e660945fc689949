package io.faasioflex.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.DexProcess;
import io.faasioflex.platform.testing.DexProcess.DemoUser;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users log in through the real Dex; policy binds their roles to namespaces. Covers broken object level
 * authorization (another tenant's function by name), function level authorization (admin-only actions) and token
 * checks (issuer, audience, signature) with Dex's tokens.
 */
class TenancyIT {

    private static DexProcess dex;
    private static PlatformHarness platform;
    private static String developer;
    private static String admin;

    @BeforeAll
    static void start() {
        dex = DexProcess.start();
        platform = PlatformHarness.start(Map.of(
                "micronaut.security.token.jwt.signatures.jwks.issuer.url", dex.jwksUrl(),
                "micronaut.security.token.jwt.claims-validators.issuer", dex.issuer(),
                "micronaut.security.token.jwt.claims-validators.audience", DexProcess.CLIENT_ID));
        developer = login(DemoUser.DEVELOPER);
        admin = login(DemoUser.ADMIN);
        platform.register(admin, Functions.echo("private").replace("{", "{\"namespace\": \"team-b\", "));
    }

    @AfterAll
    static void stop() {
        platform.close();
        dex.close();
    }

    @Test
    void developerManagesFunctionsOfItsOwnNamespaces() {
        ApiResponse registered = platform.postJson(
                "/functions", developer, Functions.echo("mine").replace("{", "{\"namespace\": \"team-a\", "));

        assertThat(registered.status()).isEqualTo(201);
        AuditEvent event = platform.auditEvent(registered, "function.register");
        assertThat(event.actor().subject()).isEqualTo(DemoUser.DEVELOPER.email());
        assertThat(platform.get("/functions/mine?namespace=team-a", developer).status())
                .isEqualTo(200);
    }

    @Test
    void anotherTenantsFunctionCannotBeReachedByGuessingItsName() {
        String path = "/functions/private?namespace=team-b";

        assertThat(platform.get(path, developer).status()).isEqualTo(403);
        assertThat(platform.get("/functions?namespace=team-b", developer).status())
                .isEqualTo(403);
        assertThat(platform.post("/functions/private/invoke?namespace=team-b", developer, "x".getBytes(), "text/plain")
                        .status())
                .isEqualTo(403);
        assertThat(platform.putJson(path, developer, Functions.echo("private"), Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(platform.delete(path, developer).status()).isEqualTo(403);
        assertThat(platform.get(path, admin).status()).isEqualTo(200);
    }

    @Test
    void adminOnlyOperationsAreRefusedToOthers() {
        String auditor = login(DemoUser.AUDITOR);

        assertThat(platform.get("/metrics", developer).status()).isEqualTo(403);
        assertThat(platform.get("/metrics", auditor).status()).isEqualTo(403);
        assertThat(platform.postJson("/audit/erasures", auditor, "{\"subject\": \"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(platform.get("/metrics", admin).status()).isEqualTo(200);
    }

    @Test
    void tokensNotSignedByDexOrWithAlgNoneAreRefused() {
        String otherIssuer = platform.token(DemoUser.ADMIN.email(), "admin"); // another issuer and key

        assertThat(platform.get("/functions", otherIssuer).status()).isEqualTo(401);
        assertThat(platform.get("/functions", unsigned(developer)).status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordGetsNoToken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        dex.passwordLogin(DemoUser.DEVELOPER.email(), "not-the-password", DexProcess.DEFAULT_SCOPE))
                .isInstanceOf(DexProcess.LoginRefusedException.class);
    }

    private static String login(DemoUser user) {
        return dex.passwordLogin(user.email(), user.password(), DexProcess.DEFAULT_SCOPE);
    }

    /** The same claims with {@code alg: none} and no signature. */
    private static String unsigned(String token) {
        String header = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        return header + "." + token.split("\\.")[1] + ".";
    }
}
