package io.faasioflex.platform.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bodies are scanned both ways; OPA decides from finding types and counts what passes, redacted or refused. */
class DataLossPreventionIT {

    // A test card number (Luhn-valid) and a PEM private key header: fake values, real shapes.
    private static final String CARD = "4111 1111 1111 1111";
    private static final String KEY =
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n" + "-----END PRIVATE KEY-----";

    private static PlatformHarness platform;
    private static String developer;

    @BeforeAll
    static void start() {
        platform = PlatformHarness.start();
        developer = platform.token("dev@example.com", "developer");
        platform.register(developer, Functions.echo("dlp-internal"));
        platform.register(
                developer, Functions.echo("dlp-restricted").replace("{", "{\"classification\": \"restricted\", "));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void cardNumberEchoedByAnInternalFunctionIsRedactedInTheResponse() {
        ApiResponse response = invoke("dlp-internal", "pay with " + CARD + " please");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("pay with [REDACTED:card] please");
        List<AuditEvent> decisions = platform.auditEvents(response.requestId()).stream()
                .filter(event -> event.action().equals("dlp.decision"))
                .toList();
        assertThat(decisions)
                .extracting(event -> event.details().get("direction"))
                .containsExactly("request", "response");
        assertThat(decisions).allSatisfy(event -> {
            assertThat(event.findings()).containsEntry("card", 1);
            assertThat(event.decisionId()).isNotBlank();
            assertThat(event.toString()).doesNotContain("4111");
        });
        assertThat(decisions.getLast().details()).containsEntry("action", "redact");
    }

    @Test
    void privateKeyInARequestIsBlockedBeforeTheFunctionRuns() {
        ApiResponse response = invoke("dlp-internal", KEY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(platform.json(response)).containsEntry("code", "dlp_blocked");
        assertThat(response.text()).contains("private_key").doesNotContain("MIIE");
        AuditEvent decision = platform.auditEvent(response, "dlp.decision");
        assertThat(decision.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(platform.auditEvent(response, "function.invoke").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void cardNumberIsBlockedForARestrictedFunction() {
        ApiResponse response = invoke("dlp-restricted", "card " + CARD);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("card").doesNotContain("4111");
    }

    @Test
    void bodyWithoutFindingsPassesUnchanged() {
        ApiResponse response = invoke("dlp-internal", "nothing sensitive here");

        assertThat(response.text()).isEqualTo("nothing sensitive here");
        assertThat(platform.auditActions(response)).doesNotContain("dlp.decision");
    }

    private static ApiResponse invoke(String function, String body) {
        return platform.post(
                "/functions/" + function + "/invoke", developer, body.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
}
