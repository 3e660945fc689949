package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.policy.PolicyDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an answer of {@code faas/dlp/decision} is read; deny-safe whenever it is not what the policy promises. */
class DlpVerdictTest {

    @Test
    void readsActionAlertAndTypes() {
        var verdict = DlpVerdict.of(
                decision(true, Map.of("action", "redact", "alert", true, "types", List.of("iban", "card"))));

        assertThat(verdict.action()).isEqualTo(DlpAction.REDACT);
        assertThat(verdict.alert()).isTrue();
        assertThat(verdict.types()).containsExactly("card", "iban");
        assertThat(verdict.decisionId()).isEqualTo("d-1");
    }

    @Test
    void blocksWhenThePolicyDoesNotAllow() {
        var verdict = DlpVerdict.of(decision(false, Map.of("action", "allow")));

        assertThat(verdict.action()).isEqualTo(DlpAction.BLOCK);
    }

    @Test
    void blocksOnAnUnknownOrMissingAction() {
        assertThat(DlpVerdict.of(decision(true, Map.of("action", "shrug"))).action())
                .isEqualTo(DlpAction.BLOCK);
        assertThat(DlpVerdict.of(decision(true, Map.of())).action()).isEqualTo(DlpAction.BLOCK);
        assertThat(DlpVerdict.of(decision(true, Map.of("action", 3))).action()).isEqualTo(DlpAction.BLOCK);
    }

    @Test
    void alertsForTheAlertActionEvenWithoutTheFlag() {
        assertThat(DlpVerdict.of(decision(true, Map.of("action", "alert"))).alert())
                .isTrue();
    }

    @Test
    void ignoresTypesThatAreNotStrings() {
        var verdict = DlpVerdict.of(decision(true, Map.of("action", "block", "types", List.of("card", 7))));

        assertThat(verdict.types()).containsExactly("card");
    }

    private static PolicyDecision decision(boolean allowed, Map<String, Object> result) {
        return new PolicyDecision(allowed, "because", "d-1", result);
    }
}
