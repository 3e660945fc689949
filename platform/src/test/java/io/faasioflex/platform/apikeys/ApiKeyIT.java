package io.faasioflex.platform.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.apikeys.ApiKeyClient.Issued;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Platform-issued API keys against the real platform, NATS, OPA (in process) and Docker: created by administrators
 * only, shown once, holding their role in their own namespace only, revocable at once, and never written to the
 * audit log.
 */
class ApiKeyIT {

    private static PlatformHarness platform;
    private static String admin;
    private static ApiKeyClient keys;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        admin = platform.token("ops@example.com", "admin");
        keys = new ApiKeyClient(platform, admin);
        platform.register(admin, inNamespace("team-a", Functions.echo("keyed")));
        platform.register(admin, inNamespace("team-b", Functions.echo("keyed")));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void adminCreatesAKeyThatIsShownOnlyOnce() {
        Issued issued = keys.create("ci-deploy", "team-a", "invoker");

        assertThat(issued.response().header("Cache-Control")).isEqualTo("no-store");
        assertThat(issued.key()).startsWith("ffx_" + issued.id() + "_");
        Map<String, Object> created = platform.json(issued.response());
        assertThat(created.get("apiKey").toString()).contains("apikey:" + issued.id(), "team-a", "invoker");
        ApiResponse listed = platform.get("/apikeys", admin);
        ApiResponse read = platform.get("/apikeys/" + issued.id(), admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.text()).contains(issued.id()).doesNotContain(issued.secret(), "secretHash");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).contains(issued.id()).doesNotContain(issued.secret(), "secretHash");
        assertThat(platform.auditEvent(issued.response(), "apikey.create")
                        .target()
                        .name())
                .isEqualTo(issued.id());
    }

    @Test
    void keyInvokesFunctionsOfItsNamespaceAsItsOwnSubject() {
        Issued issued = keys.create("invoker-a", "team-a", "invoker");

        ApiResponse invoked = keys.invoke(issued.key(), "team-a", "keyed");
        ApiResponse viaHeader = platform.call(
                "POST",
                "/functions/keyed/invoke?namespace=team-a",
                null,
                "hi".getBytes(StandardCharsets.UTF_8),
                "text/plain",
                Map.of("X-Api-Key", issued.key()));

        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.text()).isEqualTo("hello");
        assertThat(viaHeader.status()).isEqualTo(200);
        AuditEvent event = platform.auditEvent(invoked, "function.invoke");
        assertThat(event.actor().subject()).isEqualTo(issued.subject());
        assertThat(event.actor().authMethod()).isEqualTo("apikey");
        assertThat(event.actor().roles()).isEmpty();
        assertThat(platform.auditEvent(invoked, "api.call").actor().authMethod())
                .isEqualTo("apikey");
    }

    @Test
    void keyHoldsItsRoleInItsNamespaceOnly() {
        Issued issued = keys.create("invoker-scope", "team-a", "invoker");

        ApiResponse elsewhere = keys.invoke(issued.key(), "team-b", "keyed");
        ApiResponse beyondRole = keys.call("GET", "/functions?namespace=team-a", issued.key(), null);

        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(platform.auditEvent(elsewhere, "authz.decision").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(platform.auditActions(elsewhere)).doesNotContain("function.invoke");
        assertThat(beyondRole.status()).isEqualTo(403);
    }

    @Test
    void developerKeyManagesItsNamespaceButNotKeys() {
        Issued issued = keys.create("developer-a", "team-a", "developer");

        ApiResponse ownNamespace = keys.call("GET", "/functions?namespace=team-a", issued.key(), null);
        ApiResponse otherNamespace = keys.call("GET", "/functions?namespace=team-b", issued.key(), null);
        ApiResponse createKey = keys.call("POST", "/apikeys", issued.key(), body("escalate", "team-a", "admin"));
        ApiResponse listKeys = keys.call("GET", "/apikeys", issued.key(), null);

        assertThat(ownNamespace.status()).isEqualTo(200);
        assertThat(otherNamespace.status()).isEqualTo(403);
        assertThat(createKey.status()).isEqualTo(403);
        assertThat(platform.auditActions(createKey)).doesNotContain("apikey.create");
        assertThat(listKeys.status()).isEqualTo(403);
    }

    @Test
    void onlyAdministratorsManageKeys() {
        for (String role : List.of("developer", "invoker", "auditor")) {
            String token = platform.token(role + "@example.com", role);

            ApiResponse created = platform.postJson("/apikeys", token, body("mine", "team-a", "invoker"));
            ApiResponse listed = platform.get("/apikeys", token);

            assertThat(created.status()).as(role).isEqualTo(403);
            assertThat(platform.auditEvent(created, "authz.decision").outcome()).isEqualTo(Outcome.DENIED);
            assertThat(listed.status()).as(role).isEqualTo(403);
        }
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        Issued issued = keys.create("short-lived", "team-a", "invoker");
        assertThat(keys.invoke(issued.key(), "team-a", "keyed").status()).isEqualTo(200);

        ApiResponse revoked = platform.delete("/apikeys/" + issued.id(), admin);
        ApiResponse afterwards = keys.invoke(issued.key(), "team-a", "keyed");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(platform.json(revoked)).containsEntry("revoked", true).containsEntry("revokedBy", "ops@example.com");
        assertThat(platform.auditEvent(revoked, "apikey.revoke").outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(afterwards.status()).isEqualTo(401);
        assertThat(platform.auditEvent(afterwards, "api.call").actor().subject())
                .isEmpty();
        assertThat(platform.delete("/apikeys/" + issued.id(), admin).status()).isEqualTo(200);
        assertThat(platform.delete("/apikeys/0123456789abcdef01234567", admin).status())
                .isEqualTo(404);
    }

    @Test
    void malformedUnknownAndWrongKeysAreRefused() {
        Issued issued = keys.create("probe", "team-a", "invoker");
        String wrongSecret = issued.key().substring(0, issued.key().length() - 4) + "AAAA";
        String unknownId = "ffx_0123456789abcdef01234567_" + issued.secret();

        for (String key : List.of("not-a-key", "ffx_", issued.id(), wrongSecret, unknownId, issued.key() + "x")) {
            ApiResponse response = keys.invoke(key, "team-a", "keyed");

            assertThat(response.status()).as(key).isEqualTo(401);
            assertThat(platform.json(response)).containsEntry("code", "unauthenticated");
        }
    }

    @Test
    void keySecretNeverReachesTheAuditLog() {
        Issued issued = keys.create("secretive", "team-a", "invoker");
        ApiResponse used = keys.invoke(issued.key(), "team-a", "keyed");
        ApiResponse revoked = platform.delete("/apikeys/" + issued.id(), admin);
        ApiResponse refused = keys.invoke(issued.key(), "team-a", "keyed");

        for (ApiResponse response : List.of(issued.response(), used, revoked, refused)) {
            String events = eventsAsJson(response);

            assertThat(events).contains(response.requestId()).doesNotContain(issued.secret());
        }
    }

    @Test
    void invalidKeyRequestsAreRefused() {
        assertThat(platform.postJson("/apikeys", admin, body("bad", "Team A", "invoker"))
                        .status())
                .isEqualTo(400);
        assertThat(platform.postJson("/apikeys", admin, body("", "team-a", "invoker"))
                        .status())
                .isEqualTo(400);
        assertThat(platform.postJson("/apikeys", admin, """
                        {"name": "n", "namespace": "team-a", "role": "invoker", "expiresInDays": 0}""").status()).isEqualTo(400);
    }

    private String eventsAsJson(ApiResponse response) {
        try {
            JsonMapper json = platform.context().getBean(JsonMapper.class);
            return new String(
                    json.writeValueAsBytes(platform.auditEvents(response.requestId())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String body(String name, String namespace, String role) {
        return """
                {"name": "%s", "namespace": "%s", "role": "%s"}""".formatted(name, namespace, role);
    }

    private static String inNamespace(String namespace, String function) {
        return function.replaceFirst("\\{", "{\"namespace\": \"" + namespace + "\", ");
    }
}
