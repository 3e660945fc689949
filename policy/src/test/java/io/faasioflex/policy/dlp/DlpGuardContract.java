package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the DLP guard does with bodies, scanner and policy together; subclasses supply the engine, so the in-process
 * and the remote engine are held to the same decisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DlpGuardContract {

    static final String CARD = "4929 1827 3645 5011";
    static final String PEM =
            "-----BEGIN EC PRIVATE KEY-----\n" + Detect.randomBase64(90, 21) + "\n-----END EC PRIVATE KEY-----";
    static final String JWT =
            Detect.base64Url("{\"alg\":\"HS256\"}") + "." + Detect.base64Url("{\"sub\":\"bob\"}") + ".c2ln";

    private PolicyEngine engine;
    private DlpGuard guard;

    /** Starts the engine under test, shared by all tests of the class and closed after them. */
    protected abstract PolicyEngine createEngine();

    @BeforeAll
    void createGuard() {
        engine = createEngine();
        guard = new DlpGuard(engine, DlpRules.bundled());
    }

    @AfterAll
    void closeEngine() {
        engine.close();
    }

    protected PolicyEngine engine() {
        return engine;
    }

    @Test
    void allowsABodyWithoutFindingsAndPassesItOnAsItIs() {
        var body = utf8("{\"greeting\": \"hello\"}");

        var result = guard.inspect(response("restricted"), body);

        assertThat(result.action()).isEqualTo(DlpAction.ALLOW);
        assertThat(result.findings()).isEmpty();
        assertThat(result.body()).isSameAs(body);
        assertThat(result.verdict().reason()).isEqualTo("no sensitive data found");
        assertThat(result.decisionId()).isNotBlank();
    }

    @Test
    void allowsFindingsThePolicyAllowsAndStillCountsThem() {
        var body = utf8("contact a@example.com or b@example.com");

        var result = guard.inspect(response("confidential"), body);

        assertThat(result.action()).isEqualTo(DlpAction.ALLOW);
        assertThat(result.findings()).isEqualTo(Map.of("email", 2));
        assertThat(result.body()).isSameAs(body);
    }

    @Test
    void redactsCardsInResponsesOfInternalFunctions() {
        var body = utf8("{\"card\": \"" + CARD + "\", \"owner\": \"a@example.com\"}");

        var result = guard.inspect(response("internal"), body);

        assertThat(result.action()).isEqualTo(DlpAction.REDACT);
        assertThat(result.verdict().types()).containsExactly("card");
        assertThat(result.findings()).isEqualTo(Map.of("card", 1, "email", 1));
        assertThat(new String(result.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"card\": \"[REDACTED:card]\", \"owner\": \"a@example.com\"}");
    }

    @Test
    void blocksCardsForRestrictedFunctionsWithoutRevealingThem() {
        var result = guard.inspect(response("restricted"), utf8("card " + CARD));

        assertThat(result.blocked()).isTrue();
        assertThat(result.verdict().types()).containsExactly("card");
        assertThat(result.body()).isEmpty();
        assertThat(result.verdict().reason()).doesNotContain("4929").contains("card");
        assertThat(result.toString()).doesNotContain("4929");
    }

    @Test
    void blocksPrivateKeysEvenInRequestsToPublicFunctions() {
        var result = guard.inspect(request("public"), utf8("{\"key\": \"" + PEM.replace("\n", "\\n") + "\"}"));

        assertThat(result.action()).isEqualTo(DlpAction.BLOCK);
        assertThat(result.findings()).isEqualTo(Map.of("private_key", 1));
    }

    @Test
    void alertsOnATokenSentToAPublicFunctionAndPassesTheBodyOn() {
        var body = utf8("Bearer " + JWT);

        var result = guard.inspect(request("public"), body);

        assertThat(result.action()).isEqualTo(DlpAction.ALERT);
        assertThat(result.verdict().alert()).isTrue();
        assertThat(result.verdict().types()).containsExactly("jwt");
        assertThat(result.body()).isSameAs(body);
    }

    @Test
    void redactsAndAlertsWhenTypesAskForBoth() {
        var result = guard.inspect(response("internal"), utf8(CARD + " " + JWT));

        assertThat(result.action()).isEqualTo(DlpAction.REDACT);
        assertThat(result.verdict().alert()).isTrue();
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("[REDACTED:card] " + JWT);
    }

    @Test
    void treatsAnUnknownClassificationAsRestricted() {
        var result = guard.inspect(response("top-secret"), utf8("a@example.com"));

        assertThat(result.action()).isEqualTo(DlpAction.REDACT);
        assertThat(result.verdict().reason()).contains("unknown classification treated as restricted");
    }

    @Test
    void blocksABinaryBodyOfARestrictedFunctionItCouldNotScan() {
        var binary = new byte[] {0, 1, 2, 3, 'P', 'K'};

        var restricted = guard.inspect(response("restricted"), binary);
        var open = guard.inspect(response("public"), binary);

        assertThat(restricted.action()).isEqualTo(DlpAction.BLOCK);
        assertThat(restricted.scan()).isEqualTo(ScanStatus.BINARY);
        assertThat(restricted.verdict().types()).containsExactly("unscanned");
        assertThat(open.action()).isEqualTo(DlpAction.ALLOW);
        assertThat(open.body()).isSameAs(binary);
    }

    @Test
    void givesEveryInspectionItsOwnDecisionId() {
        var first = guard.inspect(response("public"), utf8("x"));
        var second = guard.inspect(response("public"), utf8("x"));

        assertThat(first.decisionId()).isNotEqualTo(second.decisionId());
    }

    static DlpContext response(String classification) {
        return new DlpContext(Direction.RESPONSE, classification, "alice", List.of("invoker"), "team-a", "payments");
    }

    static DlpContext request(String classification) {
        return new DlpContext(Direction.REQUEST, classification, "alice", List.of("invoker"), "team-a", "payments");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
